// Facts the Flink-upgrade scenarios assert beyond their verdict.
import type { ScenarioResult } from '../../harness/report/results.ts';

type Fact = { fact: string; holds(result: ScenarioResult): boolean };

/**
 * The verdict names the failure that keeps the upgraded job from running (seen in the new Flink's
 * logs and exception history), not only that it did not come back: what a team must know before
 * it upgrades.
 */
export function explainedBy(cause: string, failure: string): Fact {
  return { fact: `the verdict names why: ${cause}`, holds: (result) => result.explanation.includes(failure) };
}

/**
 * Flink 2.x's sink committer refuses the committables a Flink 1.20.0 FileSink left in its state
 * (CheckpointCommittableManagerImpl: a subtask's summary without its committables), on every
 * restore: a restart loop.
 */
export const committablesRefused = explainedBy(
  "Flink 2.x's sink committer refuses the committables Flink 1.20.0's FileSink recorded in the snapshot, and the job restarts forever",
  'Trying to commit incomplete batch of committables',
);

/**
 * Flink 2.3 files every job under an application; an execution plan that an older 2.x wrote to the
 * HA store has none, and the 2.3 JobManager stops with a fatal error when it recovers it.
 */
export const applicationIdMissing = explainedBy(
  'the Flink 2.3 JobManager cannot recover an execution plan an older Flink wrote to the HA store (no application id) and exits',
  'Application ID is missing in the recovered execution plan',
);
