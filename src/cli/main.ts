#!/usr/bin/env node
/**
 * Entry of the `sigwatch` command (bin/sigwatch.js imports it; `node dist/cli/main.js` works the
 * same). The heap is tuned before the CLI's modules load: loading them grows V8's young generation
 * to 8 MB semi-spaces when nothing holds it (cli/heap.ts), so the rest comes by dynamic import.
 * `scan` then grows the semi-spaces to the CLI's size; `decode` gives their sizing back to V8.
 */
import { startCliHeap } from './heap.js';

startCliHeap();
const { runCli } = await import('./run.js');
runCli();
