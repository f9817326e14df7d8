// The user takes a savepoint through the spec (savepointTriggerNonce), then changes the spec in
// last-state mode. Last-state restores from the HA metadata, which records checkpoints only: the
// expectation is the newest checkpoint, not the newer savepoint, and the report says why.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes, savepointThroughPlatform } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';

/** Savepoints and checkpoints share one id counter: a higher id is a newer snapshot. */
function savepointWasNewer(result: ScenarioResult): boolean {
  const triggered = (result.evidence.timeline as { triggered?: Array<{ kind: string; id: number }> } | undefined)?.triggered ?? [];
  const savepoint = triggered.find((s) => s.kind === 'savepoint');
  return savepoint !== undefined && result.expected?.kind === 'checkpoint' && savepoint.id > result.expected.id;
}

scenario({
  id: 'op-manual-savepoint-then-last-state-upgrade',
  title: 'Operator: savepoint via savepointTriggerNonce, then a last-state upgrade → restores the newest checkpoint (HA metadata holds no savepoints)',
  platforms: ['operator'],
  // A long interval keeps a periodic checkpoint from landing between the savepoint and the upgrade.
  deployment: { upgradeMode: 'last-state', checkpointIntervalMs: 10_000 },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes(), savepointThroughPlatform()],
  fault: upgradeJob({ parallelism: 1 }),
  alsoShows: [{ fact: 'the manual savepoint was newer than the checkpoint the job had to restore', holds: savepointWasNewer }],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
