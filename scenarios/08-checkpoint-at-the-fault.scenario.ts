// Unusual but correct: checkpoints complete every few hundred milliseconds, and the kill follows a
// poll that found one completed less than half a second before, so one completes within a second
// of the kill, often another after the harness's last poll. Whichever of the
// two Flink had committed is correct; neither may raise a false alarm.
import { scenario } from '../harness/scenario/vitest.ts';
import { checkpointJustCompleted } from '../harness/scenario/steps.ts';
import { killTaskManager } from '../harness/faults/index.ts';
import type { ScenarioResult } from '../harness/report/results.ts';

const WINDOW_MS = 1000;

scenario({
  id: 'checkpoint-at-the-fault',
  title: 'A checkpoint completes within a second of a TaskManager kill → restores the newest checkpoint Flink committed',
  deployment: { checkpointIntervalMs: 250 },
  strategy: 'FAILOVER',
  before: [checkpointJustCompleted(WINDOW_MS / 2)],
  fault: killTaskManager(),
  alsoShows: [{ fact: `a checkpoint completed within ${WINDOW_MS} ms before the fault`, holds: checkpointCompletedJustBeforeFault }],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});

function checkpointCompletedJustBeforeFault(result: ScenarioResult): boolean {
  const faultAt = result.timings.faultAt;
  const timeline = result.evidence.timeline as { beforeFault: Snapshotish[]; storedAtFault: Snapshotish[] } | undefined;
  if (faultAt === undefined || !timeline) return false;
  return [...timeline.beforeFault, ...timeline.storedAtFault].some(
    (s) => s.kind === 'checkpoint' && s.completedAt !== undefined && s.completedAt <= faultAt && faultAt - s.completedAt <= WINDOW_MS,
  );
}

interface Snapshotish { kind: string; completedAt?: number }
