/**
 * sigwatch scenario generator CLI (`npm run pcaps -- [flags]`):
 *
 *   --scenario NAME|all   a capture of scenarios.ts (default all; `all` writes into --out DIR, default pcaps/)
 *   --out FILE|DIR        capture path (default pcaps/NAME.pcap or .pcapng)
 *   --format pcap|pcapng  override the capture's format
 *   --seed N              PRNG seed (default 1; the committed pcaps use 1)
 *   --messages N          the mixed benchmark capture with about N signalling messages
 *                         (with --scenario flood: the alert-flood benchmark capture)
 *   --truth FILE|none     truth JSONL (default: OUT without its extension + .truth.jsonl)
 *
 * Beside each capture it writes NAME.profile.yaml (the profile to scan it with). Capture and
 * truth are streamed to disk through fixed buffers: memory does not grow with --messages.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './generate.js';
import { profileYaml } from './profile.js';
import { CAPTURES, FLOOD, MIXED, type CaptureSpec } from './scenarios.js';
import type { CaptureFormat } from './sink.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    out: { type: 'string' },
    format: { type: 'string' },
    seed: { type: 'string', default: '1' },
    messages: { type: 'string' },
    truth: { type: 'string' },
  },
});

function fail(msg: string): never {
  process.stderr.write(`pcaps: ${msg}\n`);
  process.exit(2);
}

const format = values.format as CaptureFormat | undefined;
if (format !== undefined && format !== 'pcap' && format !== 'pcapng') fail(`--format must be pcap or pcapng, not ${format}`);
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail('--seed must be a non-negative integer');
const messages = values.messages === undefined ? undefined : Number(values.messages);
if (messages !== undefined && !(Number.isInteger(messages) && messages > 0)) fail('--messages must be a positive integer');

const stem = (file: string): string => file.replace(/\.(pcapng|pcap)$/, '');

function run(spec: CaptureSpec, out: string, truthPath: string | undefined): void {
  mkdirSync(dirname(out), { recursive: true });
  const fd = openSync(out, 'w');
  const tfd = truthPath === undefined ? undefined : openSync(truthPath, 'w');
  let pending: string[] = [];
  const flushTruth = (): void => {
    if (tfd !== undefined && pending.length > 0) writeSync(tfd, pending.join(''));
    pending = [];
  };
  const t0 = process.hrtime.bigint();
  const r = generate(spec, {
    seed,
    ...(format !== undefined ? { format } : {}),
    ...(messages !== undefined ? { messages } : {}),
    writeCapture: (chunk) => writeSync(fd, chunk),
    onTruth: (line) => {
      if (tfd === undefined) return;
      pending.push(JSON.stringify(line) + '\n');
      if (pending.length >= 4096) flushTruth();
    },
  });
  flushTruth();
  closeSync(fd);
  if (tfd !== undefined) closeSync(tfd);
  if (spec.withoutProfile !== true) writeFileSync(`${stem(out)}.profile.yaml`, profileYaml(spec.name, spec.watchChina));
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const mb = r.bytes / 1e6;
  process.stdout.write(
    `${out}: ${r.frames} frames, ${r.messages} messages, ${mb.toFixed(2)} MB in ${sec.toFixed(2)} s (${(mb / sec).toFixed(1)} MB/s, ${Math.round(r.messages / sec)} msg/s)\n`,
  );
}

const truthFor = (out: string): string | undefined => (values.truth === 'none' ? undefined : (values.truth ?? `${stem(out)}.truth.jsonl`));

if (messages !== undefined) {
  const spec =
    values.scenario === 'flood'
      ? FLOOD
      : values.scenario === 'all' || values.scenario === 'mixed'
        ? MIXED
        : fail('--messages goes with --scenario mixed (default) or flood');
  const out = values.out ?? `bench/out/${spec.name}.${format ?? spec.format}`;
  run(spec, out, truthFor(out));
} else if (values.scenario === 'all') {
  if (values.truth !== undefined && values.truth !== 'none') fail('--truth FILE needs one --scenario');
  const dir = values.out ?? 'pcaps';
  for (const spec of CAPTURES) {
    const out = join(dir, `${spec.name}.${format ?? spec.format}`);
    run(spec, out, truthFor(out));
  }
} else {
  const spec =
    CAPTURES.find((c) => c.name === values.scenario) ?? fail(`no scenario ${values.scenario} (have: ${CAPTURES.map((c) => c.name).join(', ')}, all)`);
  const out = values.out ?? join('pcaps', `${spec.name}.${format ?? spec.format}`);
  run(spec, out, truthFor(out));
}
