// Preloaded into a benchmarked child process (`node --import bench/lib/rusage.mjs ...`): prints the
// process's CPU seconds (user + system, all threads: getrusage RUSAGE_SELF) and peak RSS on exit,
// so a case that spawns the CLI can report CPU time, which a shared machine disturbs less than wall time.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(
    `\nBENCH-RUSAGE ${JSON.stringify({ user: u.userCPUTime / 1e6, system: u.systemCPUTime / 1e6, maxRssMB: Math.round(u.maxRSS / 1024) })}\n`,
  );
});
