import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHistory, formatHistory, loadHistoryOfFolders, loadHistoryRuns } from '../../../harness/report/history.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import type { Verdict } from '../../../harness/judge/verdict.ts';

const result = (id: string, verdict: Verdict, expectedVerdict: Verdict, startedAt: number): ScenarioResult => ({
  id, title: id, platform: 'docker', flinkVersion: '2.1.0', verdict, expectedVerdict, expected: null, observed: null,
  explanation: '', checks: [], evidence: {}, timings: { startedAt, finishedAt: startedAt + 1, phases: {} },
});

function writeRun(root: string, runId: string, results: ScenarioResult[]): void {
  mkdirSync(join(root, runId, 'scenarios'), { recursive: true });
  for (const r of results) writeFileSync(join(root, runId, 'scenarios', `${r.id}-${r.platform}-flink-${r.flinkVersion}.json`), JSON.stringify(r));
}

describe('history of runs', () => {
  it('shows each scenario across runs, oldest first, counting the ones that ended as intended', () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-history-'));
    writeRun(root, 'b-second', [result('tm-killed', 'TIMEOUT', 'PASS', 2_000), result('zoo', 'NO_RESTORE', 'NO_RESTORE', 2_001)]);
    writeRun(root, 'a-first', [result('tm-killed', 'PASS', 'PASS', 1_000)]);
    writeRun(root, 'c-third', [result('tm-killed', 'PASS', 'PASS', 3_000), result('zoo', 'PASS', 'NO_RESTORE', 3_001)]);
    // The history reads the runs written to most recently (then orders them by start).
    for (const [id, seconds] of [['a-first', 1_000], ['b-second', 2_000], ['c-third', 3_000]] as const) utimesSync(join(root, id, 'scenarios'), seconds, seconds);
    mkdirSync(join(root, 'not-a-run'));
    symlinkSync('c-third', join(root, 'latest'));
    const runs = loadHistoryRuns(root);
    expect(runs.map((r) => r.runId)).toEqual(['a-first', 'b-second', 'c-third']);
    const text = formatHistory(buildHistory(runs));
    expect(text).toContain('history of 3 run(s), oldest first:');
    expect(text).toMatch(/tm-killed \[docker, Flink 2.1.0\]\s+\.T\.\s+2\/3\s+PASS×2 TIMEOUT×1/);
    expect(text).toMatch(/zoo \[docker, Flink 2.1.0\]\s+-\.P\s+1\/2\s+NO_RESTORE×1 PASS×1/);
    expect(loadHistoryRuns(root, 2).map((r) => r.runId)).toEqual(['b-second', 'c-third']);
  });

  it('reads several report roots as one history, each run named by its root, limited to the last N', () => {
    const shardOne = mkdtempSync(join(tmpdir(), 'frh-history-shard-'));
    const shardTwo = mkdtempSync(join(tmpdir(), 'frh-history-shard-'));
    // The same run id in both roots (CI jobs that each number their runs, or shards on separate
    // clusters; shards on one cluster need ids of their own, README) stays two columns.
    writeRun(shardOne, 'ci-1', [result('tm-killed', 'PASS', 'PASS', 1_000)]);
    writeRun(shardTwo, 'ci-1', [result('jm-killed', 'RESTORE_MISMATCH', 'PASS', 1_500)]);
    writeRun(shardOne, 'ci-2', [result('tm-killed', 'PASS', 'PASS', 2_000)]);
    writeRun(shardTwo, 'ci-2', [result('jm-killed', 'PASS', 'PASS', 2_500)]);
    const runs = loadHistoryOfFolders([shardOne, shardTwo], 100);
    expect(runs.map((r) => r.runId)).toEqual([`${shardOne}/ci-1`, `${shardTwo}/ci-1`, `${shardOne}/ci-2`, `${shardTwo}/ci-2`]);
    const text = formatHistory(buildHistory(runs));
    expect(text).toMatch(/jm-killed \[docker, Flink 2.1.0\]\s+-M-\.\s+1\/2\s+PASS×1 RESTORE_MISMATCH×1/);
    expect(text).toMatch(/tm-killed \[docker, Flink 2.1.0\]\s+\.-\.-\s+2\/2\s+PASS×2/);
    expect(loadHistoryOfFolders([shardOne, shardTwo], 3).map((r) => r.runId)).toEqual([`${shardTwo}/ci-1`, `${shardOne}/ci-2`, `${shardTwo}/ci-2`]);
    // One root: run ids as they are.
    expect(loadHistoryOfFolders([shardOne]).map((r) => r.runId)).toEqual(['ci-1', 'ci-2']);
  });
});
