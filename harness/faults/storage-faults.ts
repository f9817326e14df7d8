// Faults on the storage itself: losing files the way a lifecycle rule or an operator would.
import { parseS3Uri, deleteObject } from '../storage/s3.ts';
import type { Fault } from './fault.ts';

/** Deletes the `_metadata` of the running job's newest retained checkpoint (a lifecycle rule expiring it). */
export function deleteNewestCheckpointMetadata(): Fault {
  return {
    name: 'delete-newest-checkpoint-metadata',
    kind: 'none',
    recovery: 'failover',
    check: () => undefined,
    async inject({ deployment }) {
      const at = Date.now();
      // Within one job, checkpoint ids order the checkpoints (storage times are rounded to the second).
      const newest = (await deployment.storage.retainedCheckpoints(deployment.paths.checkpoints, deployment.jobId)).at(-1);
      if (!newest) throw new Error('no retained checkpoint to delete');
      const { bucket, key } = parseS3Uri(`${newest.path}/_metadata`);
      await deleteObject(deployment.s3, bucket, key);
      return { fault: this.name, at, detail: { deleted: `${newest.path}/_metadata`, checkpointId: newest.id } };
    },
  };
}

/**
 * Several faults in a row, as one: the time of the first is the fault time, the last decides how
 * the job comes back, and healing runs in reverse order.
 */
export function inSequence(first: Fault, ...rest: Fault[]): Fault {
  const all = [first, ...rest];
  return {
    name: all.map((f) => f.name).join('+'),
    kind: first.kind,
    recovery: all.some((f) => f.recovery === 'redeploy') ? 'redeploy' : 'failover',
    check(deployment) {
      for (const fault of all) fault.check(deployment);
    },
    async inject(context) {
      const records = [];
      for (const fault of all) records.push(await fault.inject(context));
      return { fault: this.name, at: records[0]!.at, detail: Object.fromEntries(records.map((r) => [r.fault, r.detail])) };
    },
    async heal(context) {
      for (const fault of [...all].reverse()) await fault.heal?.(context);
    },
  };
}
