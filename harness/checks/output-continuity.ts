// Exactly-once output as a witness of state: per key the probe writes seq 0,1,2,… with
// count == seq + 1. A gap or duplicate means output was lost or replayed across the restore;
// a count that does not follow seq means the keyed state was lost.
import { check, unreadableResult } from './check.ts';
import type { OutputBaseline, OutputRecord } from './observation.ts';

export interface ContinuityProblem {
  kind: 'duplicate' | 'gap' | 'count';
  key: string;
  seq: number;
  detail: string;
  files: string[];
}

/**
 * The first problem of each kind (at most one per kind), scanning keys in order. Pure. With a
 * baseline, only records in part files it does not list are checked, each key continuing from the
 * seq it had reached there: problems an earlier judgement already saw are not this one's.
 */
export function findContinuityProblems(records: readonly OutputRecord[], baseline?: OutputBaseline): ContinuityProblem[] {
  const byKey = new Map<string, OutputRecord[]>();
  for (const record of recordsSince(records, baseline)) byKey.set(record.key, [...(byKey.get(record.key) ?? []), record]);
  const found = new Map<ContinuityProblem['kind'], ContinuityProblem>();
  const note = (problem: ContinuityProblem): void => void (found.has(problem.kind) || found.set(problem.kind, problem));
  for (const key of [...byKey.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const rows = byKey.get(key)!.sort((a, b) => a.seq - b.seq);
    const reachedBefore = baseline?.lastSeqByKey[key];
    let expectedSeq = reachedBefore === undefined ? 0 : reachedBefore + 1;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const files = [row.file ?? '?'];
      if (i > 0 && rows[i - 1]!.seq === row.seq) {
        note({ kind: 'duplicate', key, seq: row.seq, detail: `key ${key} seq ${row.seq} was written twice`, files: [rows[i - 1]!.file ?? '?', ...files] });
        continue;
      }
      if (row.seq < expectedSeq) {
        // Only with a baseline: output already written before it was written again (a replay).
        note({ kind: 'duplicate', key, seq: row.seq, detail: `key ${key} seq ${row.seq} was written again (before: up to seq ${expectedSeq - 1}, as judged at ${baseline?.judgedAt})`, files });
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

/** The records in part files a baseline does not list (all of them without one). */
export function recordsSince(records: readonly OutputRecord[], baseline: OutputBaseline | undefined): readonly OutputRecord[] {
  if (!baseline) return records;
  const judged = new Set(baseline.files);
  return records.filter((record) => !judged.has(record.file ?? ''));
}

/**
 * Where each key's output stood in `output`: the seq of its record written last, by part-file commit
 * time then line (not the highest seq: after a restart without state a key's seqs begin again at 0).
 */
export function outputBaseline(output: { records: readonly OutputRecord[]; committedAt?: Record<string, number> }, judgedAt: string): OutputBaseline {
  const committedAt = output.committedAt ?? {};
  const lastSeqByKey: Record<string, number> = {};
  const lastAt: Record<string, number> = {};
  output.records.forEach((record) => {
    const at = committedAt[record.file ?? ''] ?? 0;
    // Lines of one file are in write order; a later line of the same file wins.
    if (lastAt[record.key] === undefined || at >= lastAt[record.key]!) {
      lastAt[record.key] = at;
      lastSeqByKey[record.key] = record.seq;
    }
  });
  const files = [...new Set(output.records.map((r) => r.file ?? '?'))];
  return { judgedAt, files, lastSeqByKey };
}

/**
 * Whether the output holds records the job wrote since its restore: records naming the restored
 * checkpoint, or for a job that came back empty, part files committed from `startedEmptyAt` on.
 */
export function writtenSinceRestore(
  output: { records: readonly OutputRecord[]; committedAt?: Record<string, number> }, restoredId: number | undefined, startedEmptyAt: number | undefined,
): boolean {
  if (restoredId !== undefined) return output.records.some((r) => r.restoredCheckpointId === restoredId);
  if (startedEmptyAt === undefined) return true;
  const committedAt = output.committedAt ?? {};
  return output.records.some((r) => r.restoredCheckpointId === -1 && (committedAt[r.file ?? ''] ?? Number.NEGATIVE_INFINITY) >= startedEmptyAt);
}

/** No gap, no duplicate, state intact, and output written since the restore. */
export const outputContinuity = check('output-continuity', (obs, exp) => {
  if (exp.expected.kind === 'none') return { status: 'pass', detail: 'n/a: the job was expected to start empty, output restarts by design' };
  const unreadable = unreadableResult(obs, 'output');
  if (unreadable) return unreadable;
  const records = obs.output?.records;
  if (!records) return { status: 'unknown', detail: 'the output was not read' };
  const before = obs.outputBefore;
  const problems = findContinuityProblems(records, before);
  const scope = before ? ` written since ${before.judgedAt} was judged (${recordsSince(records, before).length} of ${records.length} records)` : '';
  if (problems.length > 0) {
    return {
      status: 'fail',
      failsAs: 'STATE_LOSS',
      expected: 'per key: seq 0..n once each, count = seq + 1',
      observed: problems.map((p) => p.detail).join('; '),
      detail: `output${scope || ` of ${records.length} records`}: ${problems.map((p) => `${p.detail} (${p.files.join(', ')})`).join('; ')}`,
      evidence: problems,
    };
  }
  const restoredId = obs.restored && obs.restored.kind !== 'none' ? obs.restored.id : undefined;
  if (!writtenSinceRestore(obs.output!, restoredId, obs.startedEmptyAt)) {
    const since = restoredId === undefined ? 'the job came back empty' : `the restore of ${restoredId}`;
    return { status: 'unknown', detail: `no output written since ${since} yet (${records.length} records)` };
  }
  const keys = new Set(records.map((r) => r.key)).size;
  return { status: 'pass', detail: `${records.length} records over ${keys} keys${scope ? `, checked from where each key stood at ${before!.judgedAt}` : ''}: no gap, no duplicate, counts intact` };
});
