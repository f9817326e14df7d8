// Exactly-once output as a witness of state: per key the probe writes seq 0,1,2,… with
// count == seq + 1. A gap or duplicate means output was lost or replayed across the restore;
// a count that does not follow seq means the keyed state was lost.
import { check, unreadableResult } from './check.ts';
import type { OutputRecord } from './observation.ts';

export interface ContinuityProblem {
  kind: 'duplicate' | 'gap' | 'count';
  key: string;
  seq: number;
  detail: string;
  files: string[];
}

/** The first problem of each kind (at most one per kind), scanning keys in order. Pure. */
export function findContinuityProblems(records: readonly OutputRecord[]): ContinuityProblem[] {
  const byKey = new Map<string, OutputRecord[]>();
  for (const record of records) byKey.set(record.key, [...(byKey.get(record.key) ?? []), record]);
  const found = new Map<ContinuityProblem['kind'], ContinuityProblem>();
  const note = (problem: ContinuityProblem): void => void (found.has(problem.kind) || found.set(problem.kind, problem));
  for (const key of [...byKey.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const rows = byKey.get(key)!.sort((a, b) => a.seq - b.seq);
    let expectedSeq = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const files = [row.file ?? '?'];
      if (i > 0 && rows[i - 1]!.seq === row.seq) {
        note({ kind: 'duplicate', key, seq: row.seq, detail: `key ${key} seq ${row.seq} was written twice`, files: [rows[i - 1]!.file ?? '?', ...files] });
        continue;
      }
      if (row.seq !== expectedSeq) {
        note({ kind: 'gap', key, seq: expectedSeq, detail: `key ${key} jumps from seq ${expectedSeq - 1} to ${row.seq}`, files });
      }
      if (row.count !== row.seq + 1) {
        note({ kind: 'count', key, seq: row.seq, detail: `key ${key} seq ${row.seq} has count ${row.count}, not ${row.seq + 1}: keyed state was lost`, files });
      }
      expectedSeq = row.seq + 1;
    }
  }
  return [...found.values()];
}

/** No gap, no duplicate, state intact, and output written since the restore. */
export const outputContinuity = check('output-continuity', (obs, exp) => {
  if (exp.expected.kind === 'none') return { status: 'pass', detail: 'n/a: the job was expected to start empty, output restarts by design' };
  const unreadable = unreadableResult(obs, 'output');
  if (unreadable) return unreadable;
  const records = obs.output?.records;
  if (!records) return { status: 'unknown', detail: 'the output was not read' };
  const problems = findContinuityProblems(records);
  if (problems.length > 0) {
    return {
      status: 'fail',
      failsAs: 'STATE_LOSS',
      expected: 'per key: seq 0..n once each, count = seq + 1',
      observed: problems.map((p) => p.detail).join('; '),
      detail: `output of ${records.length} records: ${problems.map((p) => `${p.detail} (${p.files.join(', ')})`).join('; ')}`,
      evidence: problems,
    };
  }
  const restoredId = obs.restored && obs.restored.kind !== 'none' ? obs.restored.id : undefined;
  if (restoredId !== undefined && !records.some((r) => r.restoredCheckpointId === restoredId)) {
    return { status: 'unknown', detail: `no output written since the restore of ${restoredId} yet (${records.length} records)` };
  }
  const keys = new Set(records.map((r) => r.key)).size;
  return { status: 'pass', detail: `${records.length} records over ${keys} keys: no gap, no duplicate, counts intact` };
});
