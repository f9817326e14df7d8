// Faults that end or fail the job through Flink itself: cancel, stop-with-savepoint, the probe's switch.
import { parseS3Uri, putText, deleteObject } from '../storage/s3.ts';
import { waitFor } from '../support/wait.ts';
import type { Deployment } from '../platforms/platform.ts';
import type { Fault } from './fault.ts';

const JOB_END_TIMEOUT_MS = 120_000;

/** Cancels the job over REST (PATCH /jobs/:id?mode=cancel); the platform resumes it its own way. */
export function cancelJob(): Fault {
  return {
    name: 'cancel',
    kind: 'cancel',
    recovery: 'redeploy',
    check: () => undefined,
    async inject({ deployment }) {
      const at = Date.now();
      await deployment.rest.cancel(deployment.jobId);
      await awaitJobState(deployment, ['CANCELED']);
      // A checkpoint completing between the request and the cancellation was there for the resume,
      // which comes after the job ended: the job's end is the oracle's cutoff.
      const canceledAt = Date.now();
      return { fault: this.name, at, effectiveAt: canceledAt, restoreBeganAt: canceledAt, detail: { jobId: deployment.jobId } };
    },
  };
}

/** Stop-with-savepoint (POST /jobs/:id/stop): the fault begins with the request and takes effect when the job FINISHED. */
export function stopWithSavepoint(options: { drain?: boolean } = {}): Fault {
  return {
    name: 'stop-with-savepoint',
    kind: 'stop-with-savepoint',
    recovery: 'redeploy',
    check: () => undefined,
    async inject({ deployment }) {
      const requestedAt = Date.now();
      const triggerId = await deployment.rest.stopWithSavepoint(deployment.jobId, { targetDirectory: deployment.paths.savepoints, drain: options.drain ?? false });
      const location = await deployment.rest.awaitSavepoint(deployment.jobId, triggerId, { timeoutMs: JOB_END_TIMEOUT_MS });
      await awaitJobState(deployment, ['FINISHED']);
      // The stop's own savepoint completes between the request and FINISHED: the oracle expects it.
      const finishedAt = Date.now();
      return { fault: this.name, at: requestedAt, effectiveAt: finishedAt, restoreBeganAt: finishedAt, detail: { jobId: deployment.jobId, savepoint: location } };
    },
  };
}

/**
 * Flips the probe job's fault switch to `always`: every (re)start throws, so the job fails for good
 * once its restart strategy gives up. Healing removes the switch so a resumed job can run.
 */
export function failJobUntilRestartsExhausted(): Fault {
  return {
    name: 'fail-until-restarts-exhausted',
    kind: 'terminal-failure',
    recovery: 'redeploy',
    check: () => undefined,
    async inject({ deployment }) {
      const switchedAt = Date.now();
      await setFaultSwitch(deployment, 'always');
      await awaitJobState(deployment, ['FAILED']);
      // The job failed for good: nothing completes after it, and the resume comes later.
      const failedAt = Date.now();
      return { fault: this.name, at: failedAt, restoreBeganAt: failedAt, detail: { jobId: deployment.jobId, switchedAt } };
    },
    async heal({ deployment }) {
      await clearFaultSwitch(deployment);
    },
  };
}

export async function setFaultSwitch(deployment: Deployment, mode: 'once' | 'always'): Promise<void> {
  const { bucket, key } = parseS3Uri(deployment.paths.control);
  await putText(deployment.s3, bucket, key, mode);
}

export async function clearFaultSwitch(deployment: Deployment): Promise<void> {
  const { bucket, key } = parseS3Uri(deployment.paths.control);
  await deleteObject(deployment.s3, bucket, key);
}

/** Waits until the current job reaches one of `states` (Flink job status names). */
export async function awaitJobState(deployment: Deployment, states: string[]): Promise<string> {
  return waitFor(`job ${deployment.jobId} to reach ${states.join('/')}`, async () => {
    const job = await deployment.rest.job(deployment.jobId);
    return states.includes(job.state) ? job.state : undefined;
  }, { timeoutMs: JOB_END_TIMEOUT_MS });
}
