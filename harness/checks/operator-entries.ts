// Every operator that held state in the restored snapshot still holds state after the restore,
// chained operators included: read from the two `_metadata` files themselves, since REST (and so
// the vertex-level operator-state witness) sees only each vertex's head operator.
import { check, unreadableResult, restoredSnapshot } from './check.ts';
import type { Observation } from './observation.ts';
import { holdsState, type MetadataOperatorState } from '../storage/metadata-operators.ts';

type Entries = NonNullable<Observation['operatorEntries']>;

/** The operator as a person finds it in their job: its UID or name when the file records them (format 5+), and its id. */
export function describeOperator(entry: MetadataOperatorState): string {
  const label = entry.uid ?? entry.name;
  return label ? `${label} (${entry.operatorId})` : `operator ${entry.operatorId}`;
}

/** Which kinds of state an entry holds, e.g. "operator state in 2 subtasks". */
export function stateKinds(entry: MetadataOperatorState): string {
  const kinds = [
    entry.managedKeyed + entry.rawKeyed > 0 ? `keyed state in ${Math.max(entry.managedKeyed, entry.rawKeyed)} subtasks` : '',
    entry.managedOperator + entry.rawOperator > 0 ? `operator state in ${Math.max(entry.managedOperator, entry.rawOperator)} subtasks` : '',
    entry.coordinator ? 'coordinator state' : '',
  ].filter(Boolean);
  return kinds.join(', ') || 'no state';
}

/** A subtask-less or all-finished entry: the operator finished (a bounded source at its end), it did not lose anything. */
function finished(entry: MetadataOperatorState): boolean {
  return entry.fullyFinished || (entry.subtasks > 0 && entry.finishedSubtasks === entry.subtasks);
}

/** The operators that held state before the restore and hold none in the checkpoint after it, each with what it has now. */
export function operatorsThatLostState(entries: Entries): Array<{ before: MetadataOperatorState; after?: MetadataOperatorState }> {
  const after = new Map(entries.after.map((entry) => [entry.operatorId, entry]));
  return entries.before
    .filter(holdsState)
    .map((before) => ({ before, after: after.get(before.operatorId) }))
    .filter(({ after: now }) => !now || (!holdsState(now) && !finished(now)))
    .map(({ before, after: now }) => (now ? { before, after: now } : { before }));
}

/**
 * Compares the operator entries of the restored snapshot with those of the first checkpoint after
 * the restore: an operator that had state and now has none, or no entry at all, started empty. That
 * is STATE_LOSS unless the deployment declared the operator dropped (droppedOperators).
 */
export const statefulOperatorsKept = check('stateful-operators-kept', (obs) => {
  const restored = restoredSnapshot(obs);
  if (!restored) return { status: 'pass', detail: 'n/a: nothing was restored' };
  const unreadable = unreadableResult(obs, 'operator-entries');
  if (unreadable) return unreadable;
  const entries = obs.operatorEntries;
  if (!entries) return { status: 'unknown', detail: 'the operator entries of the _metadata files were not read' };
  const before = `${entries.restoredPath}/_metadata`;
  const after = `checkpoint ${entries.checkpointId} (${entries.checkpointPath}/_metadata)`;
  const had = entries.before.filter(holdsState);
  if (had.length === 0) return { status: 'pass', expected: 'no operator state', observed: `${entries.before.length} operators, none with state`, detail: `${before} holds no operator state: nothing to lose` };
  const declared = new Set(entries.dropped.map((d) => d.operatorId));
  const lost = operatorsThatLostState(entries);
  const undeclared = lost.filter((l) => !declared.has(l.before.operatorId));
  const letGo = lost.filter((l) => declared.has(l.before.operatorId));
  const evidence = { restored: entries.restoredPath, checkpoint: entries.checkpointPath, lost: lost.map((l) => ({ ...l, declaredDropped: declared.has(l.before.operatorId) })), declaredDropped: entries.dropped };
  if (undeclared.length > 0) {
    const each = undeclared.map(({ before: op, after: now }) => `${describeOperator(op)} held ${stateKinds(op)} in the restored snapshot and ${now ? 'holds none' : 'has no entry'} in ${after}`);
    return {
      status: 'fail', failsAs: 'STATE_LOSS',
      expected: `state for ${had.map(describeOperator).join(', ')} after the restore`,
      observed: `none for ${undeclared.map(({ before: op }) => describeOperator(op)).join(', ')}`,
      detail: `${each.join('; ')}: the restored job started ${undeclared.length === 1 ? 'that operator' : 'those operators'} empty although ${before} had ${undeclared.length === 1 ? 'its' : 'their'} state (a changed UID or a removed operator, with allowNonRestoredState letting Flink drop the state); declare it under droppedOperators if that is meant`,
      evidence,
    };
  }
  const kept = had.length - letGo.length;
  const dropped = letGo.length > 0 ? `; dropped as declared: ${letGo.map(({ before: op }) => describeOperator(op)).join(', ')}` : '';
  return {
    status: 'pass',
    expected: `${had.length} operators with state`,
    observed: `${kept} kept${letGo.length > 0 ? `, ${letGo.length} dropped as declared` : ''}`,
    detail: `${letGo.length > 0 ? `the ${kept} other operators` : `all ${kept} operators`} with state in ${before} hold state in ${after}${dropped}`,
    ...(letGo.length > 0 ? { evidence } : {}),
  };
});
