// Background witness of a job's checkpoints over REST: polls GET /jobs/:id/checkpoints and keeps
// every completed checkpoint/savepoint and every restore it ever saw, surviving JobManager outages.
import type { Snapshot } from '../oracle/snapshot.ts';
import { progress } from '../support/progress.ts';
import { WaitTimeoutError } from '../support/wait.ts';
import type { FlinkRestClient } from './client.ts';
import { restoreFromStatistics, snapshotsFromStatistics, type ObservedRestore } from './rest-snapshots.ts';

export interface CheckpointWatcherOptions {
  /** Anything with FlinkRestClient's `checkpoints`; the client may be re-pointed while watching. */
  client: Pick<FlinkRestClient, 'checkpoints'>;
  jobId: string;
  /** Pause between polls; default 250 ms. */
  intervalMs?: number;
  /** Timeout of one poll; default 5 s (a frozen JobManager must not stall the watcher for long). */
  requestTimeoutMs?: number;
  /** Receives progress lines (new snapshots, restores, REST lost/back); default: support/progress. */
  onProgress?: (line: string) => void;
}

/** A latest.restored value and when this watcher first saw it. */
export interface WatchedRestore extends ObservedRestore {
  firstSeenAt: number;
}

/** A failed poll (REST unreachable, timeout, unexpected answer). */
export interface PollProblem {
  at: number;
  message: string;
}

interface Waiter {
  predicate: (watcher: CheckpointWatcher) => boolean;
  description: string;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const MAX_PROBLEMS = 100;

/**
 * Polls in the background between start() and stop(). Accumulates, never forgets: statistics
 * reset after a JobManager failover, but what was seen before stays. Poll failures are recorded
 * and polling goes on. Flink may serve these statistics from a cache a few seconds old
 * (web.refresh-interval), so the watcher can lag behind storage.
 */
export class CheckpointWatcher implements AsyncDisposable {
  readonly jobId: string;
  /** When the last poll was sent (epoch ms). */
  lastPollAt: number | undefined;
  /** When the last poll that got an answer was sent: what Flink reported then is known. */
  lastSuccessfulPollAt: number | undefined;
  readonly #client: Pick<FlinkRestClient, 'checkpoints'>;
  readonly #intervalMs: number;
  readonly #requestTimeoutMs: number;
  readonly #onProgress: (line: string) => void;
  readonly #snapshots = new Map<number, Snapshot>();
  readonly #restores: WatchedRestore[] = [];
  readonly #problems: PollProblem[] = [];
  readonly #waiters = new Set<Waiter>();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #reachable: boolean | undefined;

  constructor(options: CheckpointWatcherOptions) {
    this.jobId = options.jobId;
    this.#client = options.client;
    this.#intervalMs = options.intervalMs ?? 250;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
    this.#onProgress = options.onProgress ?? ((line) => progress(line));
  }

  /** Starts background polling (first poll at once). Calling it again while running does nothing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops polling, waits for a poll in flight, rejects pending waitFor calls. Never throws. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#inFlight;
    for (const waiter of this.#waiters) this.#settle(waiter, new Error(`checkpoint watcher stopped while waiting for ${waiter.description}`));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** One poll now, outside the schedule (e.g. right after a fault). Never throws: failures are recorded. */
  async pollOnce(): Promise<void> {
    const sentAt = Date.now();
    this.lastPollAt = sentAt;
    try {
      const stats = await this.#client.checkpoints(this.jobId, { retries: 0, timeoutMs: this.#requestTimeoutMs });
      this.lastSuccessfulPollAt = sentAt;
      if (this.#reachable === false) this.#onProgress(`job ${this.jobId}: checkpoint statistics answer again`);
      this.#reachable = true;
      this.#absorb(snapshotsFromStatistics(stats, this.jobId), restoreFromStatistics(stats.latest?.restored), sentAt);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#problems.push({ at: sentAt, message });
      if (this.#problems.length > MAX_PROBLEMS) this.#problems.shift();
      if (this.#reachable !== false) this.#onProgress(`job ${this.jobId}: checkpoint statistics unavailable (${message}); still polling`);
      this.#reachable = false;
    }
    this.#checkWaiters();
  }

  /** Every completed snapshot seen so far, one per id, ascending by id. */
  snapshots(): Snapshot[] {
    return [...this.#snapshots.values()].sort((a, b) => a.id - b.id).map((s) => ({ ...s, seenBy: [...s.seenBy] }));
  }

  /** Every distinct latest.restored seen, in the order first seen. */
  restores(): WatchedRestore[] {
    return this.#restores.map((r) => ({ ...r }));
  }

  /** The most recent failed polls (at most 100), oldest first. */
  problems(): PollProblem[] {
    return [...this.#problems];
  }

  /**
   * Resolves as soon as `predicate(this)` holds: at once if it already does, else after a poll
   * that makes it hold. Rejects with WaitTimeoutError naming `description` after `timeoutMs`,
   * and rejects if the watcher is not running or is stopped meanwhile.
   */
  waitFor(predicate: (watcher: CheckpointWatcher) => boolean, options: { timeoutMs: number; description: string }): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    if (!this.#running) return Promise.reject(new Error(`checkpoint watcher for job ${this.jobId} is not running; cannot wait for ${options.description}`));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        description: options.description,
        resolve,
        reject,
        timer: setTimeout(() => {
          const last = this.#reachable === false ? this.#problems.at(-1)?.message : undefined;
          this.#settle(waiter, new WaitTimeoutError(options.description, options.timeoutMs, last));
        }, options.timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      const poll = this.pollOnce().finally(() => {
        if (this.#inFlight === poll) this.#inFlight = undefined;
        if (this.#running) this.#schedule(this.#intervalMs);
      });
      this.#inFlight = poll;
    }, delayMs);
    this.#timer.unref();
  }

  #absorb(seen: Snapshot[], restore: ObservedRestore | undefined, polledAt: number): void {
    for (const snapshot of seen) {
      const known = this.#snapshots.get(snapshot.id);
      if (known) {
        if (known.completedAt === undefined && snapshot.completedAt !== undefined) known.completedAt = snapshot.completedAt;
        continue;
      }
      this.#snapshots.set(snapshot.id, snapshot);
      this.#onProgress(`job ${this.jobId}: ${snapshot.kind} ${snapshot.id} completed (${snapshot.path})`);
    }
    if (restore && !this.#restores.some((r) => r.id === restore.id && r.restoredAt === restore.restoredAt)) {
      this.#restores.push({ ...restore, firstSeenAt: polledAt });
      this.#onProgress(`job ${this.jobId}: restored from ${restore.kind} ${restore.id}${restore.path ? ` (${restore.path})` : ''}`);
    }
  }

  #checkWaiters(): void {
    for (const waiter of this.#waiters) {
      try {
        if (waiter.predicate(this)) this.#settle(waiter);
      } catch (error) {
        this.#settle(waiter, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  #settle(waiter: Waiter, error?: Error): void {
    if (!this.#waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}
