import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // 2-core CI machine: two workers keep wall time low without oversubscribing.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
