import { describe, expect, it } from 'vitest';
import { compareLine, groupEvents } from '../../src/conformance/compare.js';
import { isExcepted, parseExceptions } from '../../src/conformance/exceptions.js';
import type { GoldenDiameter, GoldenTcap } from '../../src/conformance/golden.js';
import { optionsFromTshark, parseManifest } from '../../src/conformance/manifest.js';
import { percent } from '../../src/conformance/run.js';
import type { DiameterEvent, Ss7Event } from '../../src/events/types.js';
import { eventHead } from '../support/events.js';

const tcapLine: GoldenTcap = {
  frame: 3,
  index: 0,
  proto: 'tcap',
  opc: 1,
  dpc: 2,
  sccp_type: 9,
  calling_gt: '8613',
  called_gt: null,
  calling_ssn: 7,
  called_ssn: 6,
  tcap: 'begin',
  otid: '0a0b',
  dtid: null,
  acn: '0.4.0.0.1.0.1.3',
  components: [{ type: 'invoke', invoke_id: 1, opcode: 2, error_code: null, imsi: ['460001234567890'], e164: ['8613'] }],
};

function ss7(over: Partial<Ss7Event> = {}): Ss7Event {
  return {
    ...eventHead(3, 0),
    protocol: 'map',
    e164: ['8613'],
    imsis: ['460001234567890'],
    mtp: { opc: 1, dpc: 2, si: 3, ni: 2 },
    sccp: { type: 'udt', typeCode: 9, calling: { ri: 'gt', gti: 4, gt: '8613', ssn: 7 }, called: { ri: 'gt', gti: 4, gt: '4477', ssn: 6 } },
    tcap: { type: 'begin', otid: '0a0b', acn: '0.4.0.0.1.0.1.3' },
    component: { type: 'invoke', invokeId: 1, opcode: 2, op: 'updateLocation' },
    ...over,
  };
}

describe('compareLine (tcap)', () => {
  it('agrees when every given field matches; null golden fields are not compared', () => {
    expect(compareLine(tcapLine, [ss7()])).toEqual([]);
  });
  it('names the field and both values on a mismatch', () => {
    const d = compareLine(tcapLine, [ss7({ imsis: [] })]);
    expect(d).toEqual([{ frame: 3, index: 0, field: 'components[0].imsi', expected: ['460001234567890'], actual: [] }]);
  });
  it('reports a missing message', () => {
    expect(compareLine(tcapLine, undefined)[0]?.field).toBe('message');
  });
  it('does not count non-MAP TCAP users as components (tshark keeps CAMEL out of gsm_map)', () => {
    const camel = ss7({ protocol: 'tcap' });
    expect(compareLine({ ...tcapLine, components: [] }, [camel])).toEqual([]);
    expect(compareLine(tcapLine, [camel]).map((x) => x.field)).toEqual(['components.length']);
  });
  it('groups events of one message by (frame, index)', () => {
    const g = groupEvents([ss7(), ss7({ component: { type: 'invoke', invokeId: 2 } }), ss7({ index: 1 })]);
    expect(g.get('3:0')?.length).toBe(2);
    expect(g.get('3:1')?.length).toBe(1);
  });
});

describe('compareLine (diameter)', () => {
  const line: GoldenDiameter = {
    frame: 1,
    index: 0,
    proto: 'diameter',
    cmd: 316,
    app: 16777251,
    request: true,
    proxyable: true,
    error: false,
    hbh: '00000001',
    e2e: '00000002',
    avps: [
      [0, 263],
      [10415, 1407],
    ],
    session_id: 's',
    origin_host: 'mme',
    origin_realm: 'r',
    dest_host: null,
    dest_realm: 'h',
    user_name: '001',
    visited_plmn: '00f110',
    result_code: null,
    exp_result_code: null,
    route_record: [],
  };
  const ev: DiameterEvent = {
    frame: 1,
    index: 0,
    tsSec: 0,
    tsNsec: 0,
    tsPrecision: 6,
    protocol: 'diameter',
    subscriber: {},
    e164: [],
    anomalies: [],
    diameter: {
      cmd: 316,
      app: 16777251,
      request: true,
      proxyable: true,
      error: false,
      retransmit: false,
      hbh: '00000001',
      e2e: '00000002',
      avps: [
        [0, 263],
        [10415, 1407],
      ],
      sessionId: 's',
      originHost: 'mme',
      originRealm: 'r',
      destRealm: 'h',
      userName: '001',
      visitedPlmn: '00f110',
      routeRecord: [],
    },
  };
  it('agrees field by field, including the AVP sequence', () => {
    expect(compareLine(line, [ev])).toEqual([]);
  });
  it('detects an AVP order difference', () => {
    const swapped = {
      ...ev,
      diameter: {
        ...ev.diameter,
        avps: [
          [10415, 1407],
          [0, 263],
        ] as Array<[number, number]>,
      },
    };
    expect(compareLine(line, [swapped]).map((d) => d.field)).toEqual(['avps']);
  });
});

describe('exceptions table', () => {
  const md = `| file | frame | index | field | reason |\n|---|---|---|---|---|\n| a.pcap | 22 | 0 | message | retransmission |\n| b.pcap | * | * | components[*].e164 | quirk |\n`;
  const list = parseExceptions(md);
  it('parses rows, skipping header and separator', () => {
    expect(list).toEqual([
      { file: 'a.pcap', frame: '22', index: '0', field: 'message', reason: 'retransmission' },
      { file: 'b.pcap', frame: '*', index: '*', field: 'components[*].e164', reason: 'quirk' },
    ]);
  });
  it('matches exact cells and globs, and nothing else', () => {
    expect(isExcepted('a.pcap', { frame: 22, index: 0, field: 'message', expected: 1, actual: 2 }, list)).toBe(true);
    expect(isExcepted('a.pcap', { frame: 23, index: 0, field: 'message', expected: 1, actual: 2 }, list)).toBe(false);
    expect(isExcepted('b.pcap', { frame: 9, index: 1, field: 'components[3].e164', expected: 1, actual: 2 }, list)).toBe(true);
    expect(isExcepted('b.pcap', { frame: 9, index: 1, field: 'components[3].imsi', expected: 1, actual: 2 }, list)).toBe(false);
  });
});

describe('MANIFEST tshark options → decoder options', () => {
  it('maps decode-as Diameter ports and the MTP3 variant; reports the rest as ignored', () => {
    expect(optionsFromTshark('-d tcp.port==3870,diameter')).toEqual({ diameterPorts: [3868, 3870], mtp3: 'itu', ignored: [] });
    expect(optionsFromTshark('-o mtp3.standard:ANSI').mtp3).toBe('ansi');
    expect(optionsFromTshark('-o camel.tcap.ssn:146,152,200').ignored).toEqual(['-o camel.tcap.ssn:146,152,200']);
  });
  it('reads the tshark_opts_needed column by header name, unquoting TSV doubled quotes', () => {
    const tsv = 'local_name\tx\ttshark_opts_needed\na.pcap\t1\t"-o m3ua.version:""Internet Draft version 6"""\nb.pcap\t2\t\n';
    const m = parseManifest(tsv);
    expect(m.get('a.pcap')).toBe('-o m3ua.version:"Internet Draft version 6"');
    expect(m.get('b.pcap')).toBe('');
  });
});

describe('percent', () => {
  it('reads 100 only when all agree', () => {
    expect(percent(15076, 15081)).toBe('99.96');
    expect(percent(5, 5)).toBe('100');
    expect(percent(0, 0)).toBe('100');
  });
});
