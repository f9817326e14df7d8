// The job fails until its restart strategy gives up (FAILED for good). With
// kubernetes.operator.job.restart.failed the operator restarts it by itself. The user's intent is the
// newest checkpoint, which is retained (RETAIN_ON_CANCELLATION) in storage. Found by this scenario:
// operator 1.7.0 logs "Stopping failed Flink job", deletes the cluster and resubmits the job under a
// new job id without any state ("Deploying application cluster", not "... requiring last-state from
// HA metadata", which it logs for a last-state upgrade): the job starts empty. The scenario pins
// that behaviour as the expected failure, so a fixed operator shows up as a changed verdict.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { failJobUntilRestartsExhausted } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';

function restartedAsANewJob(result: ScenarioResult): boolean {
  const jobBefore = (result.evidence.fault as { detail?: { jobId?: string } } | undefined)?.detail?.jobId;
  const checks = result.checks.map((c) => c.detail).join('\n');
  return jobBefore !== undefined && result.observed?.kind === 'none' && !checks.includes('not one of') && /empty state/.test(checks);
}

scenario({
  id: 'op-restarts-exhausted',
  title: 'Operator 1.7, upgradeMode last-state: job fails until its restarts are exhausted, restarted by the operator → starts empty although its checkpoints are retained: NO_RESTORE',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state', restartAttempts: 2 },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: failJobUntilRestartsExhausted(),
  alsoShows: [{ fact: 'the operator brought the job back, with empty state', holds: restartedAsANewJob }],
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
