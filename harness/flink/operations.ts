// Waiting for Flink's asynchronous operations (savepoint, stop-with-savepoint, manual checkpoint)
// to finish: poll the status until COMPLETED, then hand back the result or a clear failure.
import { setTimeout as sleep } from 'node:timers/promises';
import { FlinkOperationFailedError, isTransient } from './errors.ts';
import { describeThrowable, type SerializedThrowable } from './schemas.ts';
import { WaitTimeoutError } from '../support/wait.ts';

export interface AwaitOptions {
  timeoutMs: number;
  /** Pause between status polls; default 500 ms. */
  intervalMs?: number;
}

/** What a COMPLETED status means: a result, or the failure Flink reported. */
export type Completion<T> =
  | { value: T }
  | { failure: { operation: string; jobId: string; triggerId: string; cause: SerializedThrowable | null | undefined } };

interface OperationStatus {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
}

/**
 * Polls `poll` until its status is COMPLETED and returns `complete(status)`'s value, or throws
 * FlinkOperationFailedError for a reported failure. Transient REST failures (JobManager briefly
 * away) are waited out until the deadline; any other error is thrown at once (e.g. 404: the
 * JobManager no longer knows the trigger). Past `timeoutMs`: WaitTimeoutError naming `description`.
 */
export async function awaitOperation<S extends OperationStatus, T>(
  description: string,
  poll: () => Promise<S>,
  options: AwaitOptions,
  complete: (status: S) => Completion<T>,
): Promise<T> {
  const { timeoutMs, intervalMs = 500 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastProblem: string | undefined;
  for (;;) {
    try {
      const status = await poll();
      lastProblem = undefined;
      if (status.status.id === 'COMPLETED') {
        const outcome = complete(status);
        if ('value' in outcome) return outcome.value;
        const { operation, jobId, triggerId, cause } = outcome.failure;
        throw new FlinkOperationFailedError(operation, jobId, triggerId, describeThrowable(cause));
      }
    } catch (error) {
      if (!isTransient(error)) throw error;
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(description, timeoutMs, lastProblem);
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}
