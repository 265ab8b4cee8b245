/**
 * Flow control of `scan --workers N` (api/workers.ts): no thread reads more than `maxLead` bytes of
 * capture ahead of the slowest one, so the alerts held for the ordered merge (and the messages
 * queued between the threads) are at most those of `maxLead` plus one chunk of capture per thread.
 *
 * Every thread reads the same captures in the same order, so the bytes it has pushed into its
 * Scanner is a position all threads share. The positions live in a SharedArrayBuffer (one Int32
 * per thread, in KiB); after each chunk a thread publishes its position (Atomics.store + notify)
 * and then, while it is more than `maxLead` ahead of the slowest unfinished thread, sleeps on that
 * thread's cell (Atomics.wait). No message event is needed to make progress: the main thread
 * receives the workers' alerts with receiveMessageOnPort (workers.ts), so it may block too.
 *
 * Why this cannot deadlock: a thread waits only while it is strictly ahead of the slowest
 * unfinished thread by more than `maxLead` ≥ 0. The slowest unfinished thread is never more than
 * `maxLead` ahead of itself, so it never waits; it reads on, publishes, and either catches up or
 * finishes (its cell becomes {@link DONE}, which no thread waits for). A worker marks itself done
 * on every exit path (end of input, a thrown error, process 'exit' in the thread); the main thread
 * marks itself done in end(). Waits are timed and re-checked, so a lost notify only costs a timeout.
 *
 * A thread that dies without marking itself done (an OOM kill skips process 'exit'; an entry that
 * fails to load) would keep its cell forever, and the main thread sleeping in Atomics.wait cannot
 * receive the Worker 'error'/'exit' events that report it. So the main thread's wait is bounded
 * by progress (`stallMs`, {@link MAIN_STALL_MS}): when the slowest thread's position has not moved
 * for that long, the wait gives up for this push (counted: {@link stalls}), and later waits do not
 * block on that thread at that same position again; the event loop then runs and the failure
 * surfaces as the worker's error (ParallelScanner.push/drain). The cost: while a live thread is
 * stalled that long the main thread reads ahead of it past `maxLead` until it moves again.
 */

/** A finished thread's position: no other thread waits for it. */
export const DONE = 0x7fffffff;

/** Default lead: 4 chunks of the CLI's 1 MiB reads (capture/source.ts). */
export const DEFAULT_MAX_LEAD_BYTES = 4 * 1024 * 1024;

/** How long one wait sleeps before it re-reads the positions (ms). */
const WAIT_MS = 200;

/** The main thread's progress bound: the slowest thread did not move for this long (ms; see above). */
export const MAIN_STALL_MS = 2000;

export class LeadGate {
  readonly cells: Int32Array;
  private readonly leadKiB: number;
  /** Waits given up because the slowest thread did not move for `stallMs` (see the module comment). */
  stalls = 0;
  /** The thread and position a wait gave up on: not waited for again until it moves. */
  private stalledCell = -1;
  private stalledAt = -1;

  /** `shared`: the buffer of {@link create} (the same in every thread); `maxLead` in bytes. */
  constructor(shared: SharedArrayBuffer, maxLead: number) {
    this.cells = new Int32Array(shared);
    this.leadKiB = Math.max(0, Math.floor(maxLead / 1024));
  }

  static create(threads: number): SharedArrayBuffer {
    return new SharedArrayBuffer(threads * Int32Array.BYTES_PER_ELEMENT);
  }

  /** Publishes thread `i`'s position: `bytes` pushed so far over all captures (saturates below DONE, ~2 TiB). */
  advance(i: number, bytes: number): void {
    Atomics.store(this.cells, i, Math.min(DONE - 1, Math.floor(bytes / 1024)));
    Atomics.notify(this.cells, i);
  }

  finish(i: number): void {
    Atomics.store(this.cells, i, DONE);
    Atomics.notify(this.cells, i);
  }

  /**
   * Blocks thread `i` while it is more than the lead ahead of the slowest unfinished thread;
   * `onWake` runs after every wait (the main thread merges the alerts that came in meanwhile).
   * Returns the number of waits (0: it never blocked). `stallMs`: give up when the slowest
   * thread's position has not moved for that long while waiting (the main thread; see above).
   */
  waitWhileAhead(i: number, onWake?: () => void, stallMs = Infinity): number {
    const cells = this.cells;
    let waits = 0;
    let watched = -1;
    let watchedAt = -1;
    let since = 0;
    for (;;) {
      const mine = Atomics.load(cells, i);
      if (mine === DONE) return waits;
      let slow = -1;
      let low = DONE;
      for (let k = 0; k < cells.length; k++) {
        const v = Atomics.load(cells, k);
        if (k !== i && v < low) [slow, low] = [k, v];
      }
      if (slow < 0 || mine - low <= this.leadKiB) return waits;
      if (stallMs !== Infinity) {
        if (slow === this.stalledCell && low === this.stalledAt) return waits;
        const now = performance.now();
        if (slow !== watched || low !== watchedAt) [watched, watchedAt, since] = [slow, low, now];
        else if (now - since >= stallMs) {
          this.stalls++;
          [this.stalledCell, this.stalledAt] = [slow, low];
          return waits;
        }
      }
      Atomics.wait(cells, slow, low, WAIT_MS);
      waits++;
      onWake?.();
    }
  }
}
