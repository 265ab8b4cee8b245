/**
 * Golden files: tshark's reading of a capture, one JSON line per TCAP or Diameter message
 * (format documented in ../shared/tools/golden.py). Fields tshark does not show are null.
 */
export interface GoldenComponent {
  type: string;
  invoke_id: number | null;
  opcode: number | null;
  error_code: number | null;
  imsi: string[];
  e164: string[];
}

export interface GoldenTcap {
  frame: number;
  index: number;
  proto: 'tcap';
  opc: number | null;
  dpc: number | null;
  sccp_type: number | null;
  calling_gt: string | null;
  called_gt: string | null;
  calling_ssn: number | null;
  called_ssn: number | null;
  tcap: string | null;
  otid: string | null;
  dtid: string | null;
  acn: string | null;
  components: GoldenComponent[];
}

export interface GoldenDiameter {
  frame: number;
  index: number;
  proto: 'diameter';
  cmd: number | null;
  app: number | null;
  request: boolean;
  proxyable: boolean;
  error: boolean;
  hbh: string | null;
  e2e: string | null;
  avps: Array<[number, number]>;
  session_id: string | null;
  origin_host: string | null;
  origin_realm: string | null;
  dest_host: string | null;
  dest_realm: string | null;
  user_name: string | null;
  visited_plmn: string | null;
  result_code: number | null;
  exp_result_code: number | null;
  route_record: string[];
}

export type GoldenLine = GoldenTcap | GoldenDiameter;

/** One JSON value per non-empty line (golden.py and golden_args.py output). */
export function parseJsonLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    out.push(JSON.parse(line) as T);
  }
  return out;
}

export const parseGolden = (text: string): GoldenLine[] => parseJsonLines<GoldenLine>(text);
