// Checks of the restored snapshot itself: REST's answer against the expectation, and the
// independent witnesses (storage `_metadata`, the probe's own gauge, the HA store, the JobManager's
// log, the platform's record) against REST and, each on its own, against the expectation: a
// witness that names the restored snapshot must be able to say it is the wrong one.
import { describeRestorePoint, describeStopSavepointRecord, sameRestorePoint } from '../oracle/snapshot.ts';
import type { RestorePoint, SnapshotKind } from '../oracle/snapshot.ts';
import type { Expectation } from '../oracle/expect.ts';
import { foreignJobOf } from '../oracle/lineage.ts';
import { check, unreadableResult, restoredSnapshot } from './check.ts';
import type { Check, CheckResult } from './check.ts';

const describeMaybe = (point: RestorePoint | null): string => (point ? describeRestorePoint(point) : 'nothing (empty state)');
const identity = { witnessesRestoredSnapshot: true } as const;

/**
 * Whether the expectation accepts `point` (undefined or none: nothing restored). Same id and path;
 * the kind is not compared because Flink reports a retained checkpoint that a new job was started
 * from as a savepoint restore.
 */
export function isAcceptable(exp: Expectation, point: RestorePoint | null | undefined): boolean {
  if (!point || point.kind === 'none') return exp.acceptable.some((ok) => ok.kind === 'none');
  return exp.acceptable.some((ok) => ok.kind !== 'none' && ok.id === point.id && sameRestorePoint({ ...ok, kind: point.kind }, point));
}

/** A witness that agrees with REST on what was restored, when the expectation accepts something else. */
function notExpected(exp: Expectation, witnessed: string, observed: string, restoredNothing: boolean): Omit<CheckResult, 'name'> {
  const expected = describeRestorePoint(exp.expected);
  return { status: 'fail', failsAs: restoredNothing ? 'NO_RESTORE' : 'RESTORE_MISMATCH', expected, observed, detail: `${witnessed}, not ${expected} as expected` };
}

/**
 * REST latest.restored is one of the acceptable restore points (same id and path), and was written
 * by one of the deployment's own jobs: a snapshot another job left in the bucket is a mismatch
 * that names that job.
 */
export const restoredIsExpected = check('restored-is-expected', (obs, exp) => {
  const expected = describeRestorePoint(exp.expected);
  const observed = describeMaybe(obs.restored);
  if (obs.restored === null || obs.restored.kind === 'none') {
    return exp.expected.kind === 'none'
      ? { status: 'pass', expected, observed, detail: 'nothing was expected and nothing was restored' }
      : { status: 'fail', failsAs: 'NO_RESTORE', expected, observed, detail: `the job came back with empty state although ${expected} existed at the fault` };
  }
  const restored = obs.restored;
  const foreignJob = foreignJobOf(restored, exp.lineage, exp.adopted);
  if (foreignJob) {
    return {
      status: 'fail', failsAs: 'RESTORE_MISMATCH', expected, observed,
      detail: `restored ${observed}, written by ${foreignJob}, which is not one of this deployment's jobs (${exp.lineage!.jobIds.join(', ')}), instead of ${expected}`,
    };
  }
  return isAcceptable(exp, restored)
    ? { status: 'pass', expected, observed, detail: `restored ${observed}` }
    : { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected, observed, detail: `restored ${observed} instead of ${expected}` };
}, identity);

/** The `_metadata` at the restored path exists and carries the restored id. */
export const metadataWitness = check('storage-metadata', (obs, exp) => {
  const restored = obs.restored;
  if (!restored || restored.kind === 'none') {
    return isAcceptable(exp, restored) ? { status: 'pass', detail: 'n/a: nothing was restored' } : notExpected(exp, 'nothing was restored, so no _metadata witnesses a restore', 'nothing', true);
  }
  const unreadable = unreadableResult(obs, 'metadata');
  if (unreadable) return unreadable;
  if (!obs.metadata) return { status: 'unknown', detail: `storage was not read at ${restored.path}` };
  const file = `${restored.path}/_metadata`;
  if (!obs.metadata.exists) return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: `${file} with id ${restored.id}`, observed: 'no such file', detail: `${file} does not exist` };
  if (obs.metadata.checkpointId !== restored.id) {
    return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: `id ${restored.id}`, observed: `id ${obs.metadata.checkpointId}`, detail: `${file} carries id ${obs.metadata.checkpointId}, REST says ${restored.id}` };
  }
  if (!isAcceptable(exp, restored)) return notExpected(exp, `${file} carries id ${restored.id}`, `${restored.kind} ${restored.id}`, false);
  return { status: 'pass', expected: `id ${restored.id}`, observed: `id ${obs.metadata.checkpointId}`, detail: `${file} carries id ${restored.id}` };
}, identity);

/** Every probe subtask reports the restored id (-1 when nothing was restored). */
export const probeMetricWitness = check('probe-metric', (obs, exp) => {
  const want = obs.restored && obs.restored.kind !== 'none' ? obs.restored.id : -1;
  const unreadable = unreadableResult(obs, 'probe');
  if (unreadable) return unreadable;
  const values = obs.probeRestoredIds;
  if (!values || values.length === 0) return { status: 'unknown', detail: 'the probe reported no restoredCheckpointId metric' };
  const wrong = values.filter((v) => v !== want);
  if (wrong.length > 0) return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: String(want), observed: values.join(','), detail: `probe subtasks report ${values.join(',')}, REST says ${want}` };
  // The gauge carries ids only: an id the expectation accepts is what it can vouch for.
  const acceptedIds = exp.acceptable.map((ok) => (ok.kind === 'none' ? -1 : ok.id));
  if (!acceptedIds.includes(want)) return notExpected(exp, `all ${values.length} probe subtasks restored ${want}`, values.join(','), want === -1);
  return { status: 'pass', expected: String(want), observed: values.join(','), detail: `all ${values.length} probe subtasks restored ${want}` };
}, identity);

/**
 * The HA store (ZooKeeper nodes, Kubernetes ConfigMaps): the newest checkpoint it pointed to when
 * the next JobManager was to recover from it (right after a failover fault, or as the stopped
 * JobManager left it) is an acceptable one, and it is what REST says was restored. A store that
 * pointed to none agrees only with an empty start that was expected.
 */
export const haWitness = check('ha-store', (obs, exp) => {
  const unreadable = unreadableResult(obs, 'ha');
  if (unreadable) return unreadable;
  if (!obs.haCheckpointIds) return { status: 'unknown', detail: 'the HA store was not read' };
  const newest = obs.haCheckpointIds.length > 0 ? Math.max(...obs.haCheckpointIds) : undefined;
  const acceptable = exp.acceptable.filter((p) => p.kind !== 'none').map((p) => p.id);
  const expected = acceptable.join(' or ') || 'none';
  const restoredId = obs.restored && obs.restored.kind !== 'none' ? obs.restored.id : undefined;
  // What the store says was lost or kept decides how a disagreement with REST counts.
  const failsAs = restoredId === undefined ? 'NO_RESTORE' : 'RESTORE_MISMATCH';
  if (newest === undefined) {
    if (restoredId === undefined && isAcceptable(exp, undefined)) return { status: 'pass', expected: 'none', observed: 'none', detail: 'the HA store pointed to no checkpoint and nothing was restored, as expected' };
    return { status: 'fail', failsAs, expected, observed: 'none', detail: `the HA store pointed to no checkpoint, the newest was ${expected}` };
  }
  if (!acceptable.includes(newest)) {
    return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected, observed: String(newest), detail: `the HA store pointed to checkpoint ${newest}, the newest was ${expected}` };
  }
  if (restoredId !== newest) {
    return { status: 'fail', failsAs, expected: String(newest), observed: String(restoredId ?? 'none'), detail: `the HA store pointed to checkpoint ${newest}, REST says ${restoredId ?? 'nothing'} was restored` };
  }
  return { status: 'pass', expected: String(newest), observed: String(restoredId), detail: `the HA store pointed to checkpoint ${newest}` };
}, identity);

/**
 * The JobManager's own log line for the restore names the same snapshot as REST. A log without the
 * line while REST reports a restore is unknown (the log may have rotated), never a pass.
 */
export const jobManagerLogWitness = check('jobmanager-log', (obs, exp) => {
  const unreadable = unreadableResult(obs, 'jobmanager-log');
  if (unreadable) return unreadable;
  const restored = restoredSnapshot(obs);
  const logged = obs.jobManagerLogRestore;
  if (logged === undefined) return { status: 'unknown', detail: 'the JobManager log was not read' };
  if (logged === null) {
    if (restored) return { status: 'unknown', detail: `the JobManager log names no restore, REST says ${describeRestorePoint(restored)}` };
    return isAcceptable(exp, undefined)
      ? { status: 'pass', expected: 'no restore', observed: 'no "Restoring job" line', detail: 'the JobManager logged no restore, as REST says' }
      : notExpected(exp, 'the JobManager logged no restore, as REST says', 'no "Restoring job" line', true);
  }
  const point = logged.point;
  const observed = point.kind === 'none' ? 'nothing' : `${point.kind} ${point.id} (${point.path})`;
  if (!restored) return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: 'no restore', observed, detail: `the JobManager logged "${logged.line}" but REST reports no restore` };
  if (point.kind === 'none' || point.id !== restored.id || point.path !== restored.path) {
    return { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: describeRestorePoint(restored), observed, detail: `the JobManager logged a restore of ${observed}, REST says ${describeRestorePoint(restored)}` };
  }
  if (!isAcceptable(exp, restored)) return notExpected(exp, `the JobManager logged the restore of ${restored.kind} ${restored.id}`, observed, false);
  return { status: 'pass', expected: describeRestorePoint(restored), observed, detail: `the JobManager logged the restore of ${restored.kind} ${restored.id}` };
}, identity);

/**
 * The platform's own record of the savepoint its stop took (the operator's status) agrees with what
 * Flink restored: the recorded savepoint itself; or, when it records that it took none, a restore the
 * expectation built on that record accepts. A record that does not say is unknown, never agreement.
 */
export const platformRecordWitness = check('platform-record', (obs, exp) => {
  const unreadable = unreadableResult(obs, 'platform');
  if (unreadable) return unreadable;
  const record = obs.platformRecord;
  if (!record) return { status: 'unknown', detail: 'the platform recorded no restore source' };
  if (record.savepoint === 'unknown') return { status: 'unknown', detail: `the platform's record of the savepoint its stop took is unknown: ${record.why}` };
  const restored = restoredSnapshot(obs);
  if (record.savepoint === 'none') {
    const took = `${record.field}: the stop took no savepoint (${record.modeUsed})`;
    return isAcceptable(exp, restored)
      ? { status: 'pass', expected: `no savepoint of the stop (${record.modeUsed})`, observed: describeMaybe(obs.restored), detail: `${took}, and Flink restored ${describeMaybe(obs.restored)} as that mode does` }
      : notExpected(exp, `${took}; Flink restored ${describeMaybe(obs.restored)}`, describeMaybe(obs.restored), !restored);
  }
  const recorded = record.path.replace(/\/+$/, '');
  if (!restored || restored.path !== recorded) {
    return { status: 'fail', failsAs: restored ? 'RESTORE_MISMATCH' : 'NO_RESTORE', expected: recorded, observed: restored?.path ?? 'nothing', detail: `the platform recorded ${record.field} = ${recorded}, but Flink restored ${restored ? describeRestorePoint(restored) : 'nothing'}` };
  }
  if (!isAcceptable(exp, restored)) return notExpected(exp, `${record.field} names the restored ${restored.kind} ${restored.id}`, restored.path, false);
  return { status: 'pass', expected: recorded, observed: restored.path, detail: `${record.field} names the restored ${restored.kind} ${restored.id}` };
}, identity);

/**
 * Every vertex that holds state now found its operator in the restored `_metadata`. One that did not
 * started empty although the job restored a snapshot: its UID (so its operator id) changed, and
 * allowNonRestoredState let the old operator's state be dropped. Needs no probe.
 */
export const operatorStateWitness = check('operator-state', (obs) => {
  const restored = restoredSnapshot(obs);
  if (!restored) return { status: 'pass', detail: 'n/a: nothing was restored' };
  const unreadable = unreadableResult(obs, 'operator-state');
  if (unreadable) return unreadable;
  const seen = obs.operatorState;
  if (!seen) return { status: 'unknown', detail: 'operator states were not read' };
  const stateful = seen.vertices.filter((v) => v.stateBytes > 0);
  if (stateful.length === 0) return { status: 'unknown', detail: `no vertex wrote state in checkpoint ${seen.checkpointId}: nothing to compare with ${restored.path}/_metadata` };
  const named = (v: { id: string; name: string }): string => `${v.name} (${v.id})`;
  const missing = stateful.filter((v) => !seen.idsInMetadata.includes(v.id));
  if (missing.length > 0) {
    return {
      status: 'fail', failsAs: 'STATE_LOSS',
      expected: `state for ${stateful.map(named).join(', ')} in ${restored.path}/_metadata`,
      observed: `no entry for ${missing.map(named).join(', ')}`,
      detail: `${missing.map((v) => `${named(v)} holds ${v.stateBytes} bytes of state in checkpoint ${seen.checkpointId}`).join('; ')}, but ${restored.path}/_metadata has no entry for ${missing.length === 1 ? 'its operator' : 'their operators'}: started empty (a changed UID, with allowNonRestoredState dropping the old operator's state)`,
      evidence: seen,
    };
  }
  return { status: 'pass', expected: `${stateful.length} stateful operators`, observed: `${stateful.length} in _metadata`, detail: `every stateful operator (${stateful.map((v) => v.name).join(', ')}) has its state in ${restored.path}/_metadata` };
});

/**
 * The kind of snapshot a scenario asserts is restored (its `expect.restored`): a savepoint asserted
 * and a checkpoint restored is a wrong restore even when the oracle accepts it (the platform may have
 * fallen back), so it fails as one, saying what the oracle expected and what the platform recorded.
 */
export function restoredKindIs(intended: SnapshotKind | 'none'): Check {
  return check('restored-kind', (obs, exp) => {
    const restoredKind = obs.restored?.kind ?? 'none';
    const observed = describeMaybe(obs.restored);
    const wanted = intended === 'none' ? 'nothing (empty state)' : `a ${intended}`;
    if (restoredKind === intended) return { status: 'pass', expected: wanted, observed, detail: `restored ${wanted}, as the scenario asserts` };
    const oracle = exp.expected.kind === intended || exp.expected.kind === 'none'
      ? `the oracle expected ${describeRestorePoint(exp.expected)}`
      : `the oracle expected ${describeRestorePoint(exp.expected)}${exp.reasoning[0] ? ` (${exp.reasoning[0]})` : ''}`;
    const record = obs.platformRecord
      ? `; the platform's record: ${describeStopSavepointRecord(obs.platformRecord)}`
      : obs.unreadable?.platform ? `; the platform's record could not be read: ${obs.unreadable.platform}` : '';
    return {
      status: 'fail', failsAs: restoredKind === 'none' ? 'NO_RESTORE' : 'RESTORE_MISMATCH', expected: wanted, observed,
      detail: `the scenario asserts ${wanted} is restored, but Flink restored ${observed}; ${oracle}${record}`,
    };
  });
}
