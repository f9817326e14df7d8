// Waiting on conditions (never on fixed sleeps), with a deadline and a progress line while waiting.
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from './progress.ts';

/** Raised when a condition did not hold before its deadline; names what was awaited. */
export class WaitTimeoutError extends Error {
  readonly description: string;
  readonly lastProblem: string | undefined;
  constructor(description: string, timeoutMs: number, lastProblem?: string) {
    super(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${description}${lastProblem ? ` (last: ${lastProblem})` : ''}`);
    this.name = 'WaitTimeoutError';
    this.description = description;
    this.lastProblem = lastProblem;
  }
}

/** Thrown by a probe when waiting longer cannot help (a process exited): `waitFor` rethrows it at once. */
export class GiveUpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GiveUpError';
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** How often to print "still waiting for …"; 0 disables. */
  progressEveryMs?: number;
}

/**
 * Polls `probe` until it returns a value other than undefined and returns that value.
 * A probe that throws counts as "not yet" (its message is kept for the timeout error), except a
 * GiveUpError, which ends the wait at once.
 */
export async function waitFor<T>(description: string, probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const { timeoutMs, intervalMs = 500, progressEveryMs = 15_000 } = options;
  const start = Date.now();
  let lastProblem: string | undefined;
  let nextProgress = start + progressEveryMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastProblem = undefined;
    } catch (error) {
      if (error instanceof GiveUpError) throw error;
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    const now = Date.now();
    if (now - start >= timeoutMs) throw new WaitTimeoutError(description, timeoutMs, lastProblem);
    if (progressEveryMs > 0 && now >= nextProgress) {
      progress(`still waiting for ${description} (${Math.round((now - start) / 1000)} s)${lastProblem ? `: ${lastProblem}` : ''}`);
      nextProgress = now + progressEveryMs;
    }
    await sleep(intervalMs);
  }
}
