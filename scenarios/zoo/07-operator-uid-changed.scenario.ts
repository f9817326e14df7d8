// Zoo 7: the keyed operator's UID changes in an upgrade with allowNonRestoredState: the right
// savepoint is restored, but that operator's state is silently dropped.
import { scenario } from '../../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-operator-uid-changed',
  title: 'Operator UID changed with allowNonRestoredState: right savepoint id, keyed state gone → STATE_LOSS',
  versions: 'first',
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { probe: { keys: 4, ratePerSecond: 20, version: 'v2', stateUid: 'probe-state-renamed' }, allowNonRestoredState: true },
  expect: { verdict: 'STATE_LOSS', restored: 'savepoint' },
});
