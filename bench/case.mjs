// Runs one named case in this process and prints one `RESULT {json}` line (bench/run.mjs spawns
// one process per run so peak RSS and JIT state belong to that case alone).
//   node bench/case.mjs 'CASE NAME' [--file F] [--big F]
import { parseArgs } from 'node:util';
import { CASES } from './cases/index.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { file: { type: 'string' }, big: { type: 'string' }, profile: { type: 'string' } },
});
const name = positionals[0];
const c = CASES.find((x) => x.name === name) ?? CASES.filter((x) => new RegExp(name).test(x.name))[0];
if (c === undefined) {
  console.error(`no case matches ${name}`);
  process.exit(2);
}
const ctx = { file: values.file, bigFile: values.big, profile: values.profile };
if (values.profile) (await import('./cases/e2e.mjs')).setProfile(values.profile);
const cpu0 = process.cpuUsage();
const data = c.setup ? await c.setup(ctx) : ctx;
const rssBefore = process.memoryUsage.rss();
const r = await c.run(data);
const usage = process.resourceUsage();
const cpu = process.cpuUsage(cpu0);
const out = {
  name: c.name,
  ...r,
  // CPU seconds of the whole process, setup included (the case's own `cpuSeconds` covers the timed part).
  processCpuSeconds: (cpu.user + cpu.system) / 1e6,
  // A case that runs a child process (the CLI cases) reports the child's peak RSS itself.
  rssPeakMB: r.rssPeakMB ?? Math.round(usage.maxRSS / 1024),
  rssSetupMB: Math.round(rssBefore / 2 ** 20),
  heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
};
process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
