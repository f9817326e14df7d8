// Checks of the restored snapshot itself: REST's answer against the expectation, and the
// independent witnesses (storage `_metadata`, the probe's own gauge) against REST.
import { describeRestorePoint, sameRestorePoint } from '../oracle/snapshot.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import { check } from './check.ts';

const describeMaybe = (point: RestorePoint | null): string => (point ? describeRestorePoint(point) : 'nothing (empty state)');

/** REST latest.restored is one of the acceptable restore points (same id and path). */
export const restoredIsExpected = check('restored-is-expected', (obs, exp) => {
  const expected = describeRestorePoint(exp.expected);
  const observed = describeMaybe(obs.restored);
  if (obs.restored === null || obs.restored.kind === 'none') {
    return exp.expected.kind === 'none'
      ? { status: 'pass', expected, observed, detail: 'nothing was expected and nothing was restored' }
      : { status: 'fail', failsAs: 'NO_RESTORE', expected, observed, detail: `the job came back with empty state although ${expected} existed at the fault` };
  }
  const restored = obs.restored;
  // Same id and path; the kind is not compared because Flink reports a retained checkpoint that a
  // new job was started from as a savepoint restore.
  const match = exp.acceptable.find((ok) => ok.kind !== 'none' && ok.id === restored.id && sameRestorePoint({ ...ok, kind: restored.kind }, restored));
  return match
    ? { status: 'pass', expected, observed, detail: `restored ${observed}` }
    : { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected, observed, detail: `restored ${observed} instead of ${expected}` };
});

/** The `_metadata` at the restored path exists and carries the restored id. */
export const metadataWitness = check('storage-metadata', (obs) => {
  const restored = obs.restored;
  if (!restored || restored.kind === 'none') return { status: 'pass', detail: 'n/a: nothing was restored' };
  if (!obs.metadata) return { status: 'unknown', detail: `storage was not read at ${restored.path}` };
  const file = `${restored.path}/_metadata`;
  if (!obs.metadata.exists) return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: `${file} with id ${restored.id}`, observed: 'no such file', detail: `${file} does not exist` };
  if (obs.metadata.checkpointId !== restored.id) {
    return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: `id ${restored.id}`, observed: `id ${obs.metadata.checkpointId}`, detail: `${file} carries id ${obs.metadata.checkpointId}, REST says ${restored.id}` };
  }
  return { status: 'pass', expected: `id ${restored.id}`, observed: `id ${obs.metadata.checkpointId}`, detail: `${file} carries id ${restored.id}` };
});

/** Every probe subtask reports the restored id (-1 when nothing was restored). */
export const probeMetricWitness = check('probe-metric', (obs) => {
  const want = obs.restored && obs.restored.kind !== 'none' ? obs.restored.id : -1;
  const values = obs.probeRestoredIds;
  if (!values || values.length === 0) return { status: 'unknown', detail: 'the probe reported no restoredCheckpointId metric' };
  const wrong = values.filter((v) => v !== want);
  return wrong.length === 0
    ? { status: 'pass', expected: String(want), observed: values.join(','), detail: `all ${values.length} probe subtasks restored ${want}` }
    : { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: String(want), observed: values.join(','), detail: `probe subtasks report ${values.join(',')}, REST says ${want}` };
});

/** The HA ConfigMap's newest checkpoint at the fault is the expected one (Kubernetes HA only). */
export const haWitness = check('ha-configmap', (obs, exp) => {
  if (!obs.haCheckpointIds) return { status: 'unknown', detail: 'the HA ConfigMap was not read' };
  const newest = obs.haCheckpointIds.length > 0 ? Math.max(...obs.haCheckpointIds) : undefined;
  const expectedId = exp.expected.kind === 'none' ? undefined : exp.expected.id;
  return newest === expectedId
    ? { status: 'pass', expected: String(expectedId), observed: String(newest), detail: `the HA ConfigMap's newest checkpoint was ${newest}` }
    : { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: String(expectedId), observed: String(newest), detail: `the HA ConfigMap held checkpoint ${newest} at the fault, the expectation is ${expectedId}` };
});
