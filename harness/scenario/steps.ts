// Things a scenario does before its fault: take savepoints, let checkpoints complete. Steps that
// break something (a storage outage) live with the faults, in harness/faults/.
import type { Snapshot } from '../oracle/snapshot.ts';
import { reconcilesJobSpec, type Deployment } from '../platforms/platform.ts';
import { MissingAbilityError } from '../faults/fault.ts';
import type { CheckpointWatcher } from '../flink/checkpoint-watcher.ts';
import type { MeasuredOffsets } from './clocks.ts';

const STEP_TIMEOUT_MS = 120_000;

/** What steps can use and record: triggered snapshots are witnesses for the oracle; notes land in the evidence. */
export interface StepContext {
  deployment: Deployment;
  watcher: CheckpointWatcher;
  triggered: Snapshot[];
  notes: Record<string, unknown>;
  /** How far Flink's and storage's clocks run from the host's, measured before the steps. */
  clocks: MeasuredOffsets;
}

/** Something a scenario does before its fault; `name` is for the timeline and the evidence. */
export interface Step {
  readonly name: string;
  run(context: StepContext): Promise<void>;
}

/** Triggers a savepoint over REST (the client picks a retry-safe trigger id) and waits until it completed. */
export function takeSavepoint(): Step {
  return {
    name: 'take-savepoint',
    async run({ deployment, triggered }) {
      const { rest, jobId, paths } = deployment;
      const triggerId = await rest.triggerSavepoint(jobId, { targetDirectory: paths.savepoints });
      const location = await rest.awaitSavepoint(jobId, triggerId, { timeoutMs: STEP_TIMEOUT_MS });
      const completedAt = Date.now();
      const metadata = await deployment.storage.metadataAt(location);
      if (!metadata.exists || metadata.checkpointId === undefined) throw new Error(`savepoint ${location} has no readable _metadata`);
      triggered.push({ kind: 'savepoint', id: metadata.checkpointId, path: location.replace(/\/+$/, ''), jobId, completedAt, seenBy: ['trigger'] });
    },
  };
}

/** Waits until a periodic checkpoint completes after everything seen so far. */
export function checkpointCompletes(): Step {
  return {
    name: 'checkpoint-completes',
    async run({ watcher, triggered }) {
      const newestSeen = Math.max(0, ...watcher.snapshots().map((s) => s.id), ...triggered.map((s) => s.id));
      await watcher.waitFor((w) => w.snapshots().some((s) => s.kind === 'checkpoint' && s.id > newestSeen), {
        timeoutMs: STEP_TIMEOUT_MS,
        description: `a checkpoint newer than ${newestSeen}`,
      });
    },
  };
}

/**
 * Waits until a poll finds a checkpoint that completed at most `withinMs` before now, so that a
 * fault injected next lands right behind a completion. Waiting for "a new checkpoint" alone is not
 * enough on a loaded machine: REST can report it a second or more after it completed.
 */
export function checkpointJustCompleted(withinMs: number): Step {
  return {
    name: `checkpoint-just-completed-${withinMs}ms`,
    async run({ watcher, clocks }) {
      // Completion times are on Flink's clock; `now` is put on it too.
      const fresh = (s: Snapshot): boolean => s.kind === 'checkpoint' && s.completedAt !== undefined && Date.now() + clocks.rest - s.completedAt <= withinMs;
      await watcher.waitFor((w) => w.snapshots().some(fresh), {
        timeoutMs: STEP_TIMEOUT_MS,
        description: `a checkpoint seen within ${withinMs} ms of its completion`,
      });
    },
  };
}

/** Waits until checkpoint `id` (or a newer one) has completed, e.g. to get past chk-9 → chk-10. */
export function checkpointReaches(id: number): Step {
  return {
    name: `checkpoint-reaches-${id}`,
    async run({ watcher }) {
      await watcher.waitFor((w) => w.snapshots().some((s) => s.kind === 'checkpoint' && s.id >= id), {
        timeoutMs: STEP_TIMEOUT_MS,
        description: `checkpoint ${id}`,
      });
    },
  };
}

/**
 * A savepoint the platform's controller takes because its spec asked for one (the operator's
 * `savepointTriggerNonce`), as a user triggers one; recorded like a REST trigger, from the path the
 * platform reports.
 */
export function savepointThroughPlatform(): Step {
  return {
    name: 'savepoint-through-platform',
    async run({ deployment, triggered, notes }) {
      if (!reconcilesJobSpec(deployment)) throw new MissingAbilityError('savepoint-through-platform', deployment.platform, 'take a savepoint through its spec');
      const { path, recordedAt } = await deployment.triggerSavepoint();
      const location = path.replace(/\/+$/, '');
      const metadata = await deployment.storage.metadataAt(location);
      if (!metadata.exists || metadata.checkpointId === undefined) throw new Error(`savepoint ${location} has no readable _metadata`);
      notes.platformSavepoint = location;
      triggered.push({ kind: 'savepoint', id: metadata.checkpointId, path: location, jobId: deployment.jobId, completedAt: recordedAt, seenBy: ['trigger'] });
    },
  };
}

/**
 * The platform's controller is replaced while the job runs: upgraded to `image` (e.g. the next
 * operator release) or, without one, restarted. The job must keep running under the new one; what
 * it restores is judged at the fault that follows.
 */
export function controllerReplaced(image?: string): Step {
  return {
    name: image ? 'controller-upgraded' : 'controller-restarted',
    async run({ deployment, notes }) {
      if (!reconcilesJobSpec(deployment)) throw new MissingAbilityError(this.name, deployment.platform, 'replace its controller');
      const jobBefore = deployment.jobId;
      notes.controller = (await deployment.replaceController(image)).image;
      const job = await deployment.rest.job(jobBefore);
      if (job.state !== 'RUNNING') throw new Error(`job ${jobBefore} is ${job.state} after the controller was replaced`);
    },
  };
}
