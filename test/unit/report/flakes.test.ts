// `frh suite --repeat N`: each run of a scenario keeps its own result file, page and name, and the
// flake table counts per scenario how many runs ended as intended and which verdicts were seen.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunReport, loadRun } from '../../../harness/report/results.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import type { Verdict } from '../../../harness/judge/verdict.ts';
import { flakeRows, formatFlakeTable, hasRepetitions } from '../../../harness/report/flakes.ts';
import { formatRun } from '../../../harness/report/console.ts';
import { renderIndex, scenarioBaseName, scenarioPagePath } from '../../../harness/report/html.ts';
import { toJunitXml } from '../../../harness/report/junit.ts';

const result = (id: string, verdict: Verdict, startedAt: number, repetition?: number, expectedVerdict: Verdict = 'PASS'): ScenarioResult => ({
  id, title: `${id} title`, platform: 'docker', flinkVersion: '2.1.0', ...(repetition ? { repetition } : {}), verdict, expectedVerdict,
  expected: { kind: 'checkpoint', id: 5, path: 's3://f/chk-5' }, observed: { kind: 'checkpoint', id: 5, path: 's3://f/chk-5' },
  explanation: verdict === expectedVerdict ? 'as intended' : 'not as intended', checks: [], evidence: {}, timings: { startedAt, finishedAt: startedAt + 30_000, phases: {} },
});

describe('scenario base names', () => {
  it('stay as before for a scenario run once, and carry the run number under --repeat', () => {
    expect(scenarioBaseName(result('taskmanager-killed', 'PASS', 0))).toBe('taskmanager-killed-docker-flink-2.1.0');
    expect(scenarioBaseName(result('taskmanager-killed', 'PASS', 0, 2))).toBe('taskmanager-killed-docker-flink-2.1.0-run-2');
    expect(scenarioPagePath(result('taskmanager-killed', 'PASS', 0, 3))).toBe('scenarios/taskmanager-killed-docker-flink-2.1.0-run-3.html');
  });

  it('keep every run of a repeated scenario: its own JSON, page and repro bundle', async () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-repeat-'));
    for (const [repetition, verdict] of [[1, 'PASS'], [2, 'TIMEOUT'], [3, 'PASS']] as const) {
      await new RunReport(root, 'run-r').add(result('stop-with-savepoint', verdict, repetition * 1000, repetition));
    }
    const files = readdirSync(join(root, 'run-r', 'scenarios')).sort();
    expect(files.filter((f) => f.endsWith('.json'))).toEqual([1, 2, 3].map((k) => `stop-with-savepoint-docker-flink-2.1.0-run-${k}.json`));
    expect(files.filter((f) => f.endsWith('.html'))).toHaveLength(3);
    expect(existsSync(join(root, 'run-r', 'stop-with-savepoint-docker-flink-2.1.0-run-2', 'bundle.tar.gz'))).toBe(true);
    const run = loadRun(root, 'run-r')!;
    expect(run.results.map((r) => [r.repetition, r.verdict])).toEqual([[1, 'PASS'], [2, 'TIMEOUT'], [3, 'PASS']]);
    expect(formatRun(run)).toMatch(/NOT TIMEOUT .* stop-with-savepoint run 2 \[docker, Flink 2\.1\.0\]/);
    const junit = toJunitXml(run);
    expect(junit).toContain('name="stop-with-savepoint title [docker, Flink 2.1.0] (run 2)"');
    expect(readFileSync(join(root, 'run-r', 'index.html'), 'utf8')).toContain('Flake table');
  });
});

describe('the flake table', () => {
  const results = [
    result('taskmanager-killed', 'PASS', 1, 1), result('taskmanager-killed', 'PASS', 2, 2), result('taskmanager-killed', 'PASS', 3, 3),
    result('stop-with-savepoint', 'PASS', 4, 1), result('stop-with-savepoint', 'TIMEOUT', 5, 2), result('stop-with-savepoint', 'RESTORE_MISMATCH', 6, 3),
    result('zoo-stateless', 'PASS', 7, 1, 'NO_RESTORE'), result('zoo-stateless', 'PASS', 8, 2, 'NO_RESTORE'),
  ];

  it('counts per scenario its runs, those that ended as intended, and each verdict seen', () => {
    expect(flakeRows(results)).toEqual([
      { scenario: 'taskmanager-killed [docker, Flink 2.1.0]', runs: 3, asIntended: 3, seen: [['PASS', 3]] },
      { scenario: 'stop-with-savepoint [docker, Flink 2.1.0]', runs: 3, asIntended: 1, seen: [['PASS', 1], ['RESTORE_MISMATCH', 1], ['TIMEOUT', 1]] },
      { scenario: 'zoo-stateless [docker, Flink 2.1.0]', runs: 2, asIntended: 0, seen: [['PASS', 2]] },
    ]);
  });

  it('marks a scenario that ended as intended only sometimes FLAKY, never NEVER', () => {
    expect(formatFlakeTable(results).split('\n')).toEqual([
      'flake table: 3 scenario(s), 8 run(s)',
      'scenario                                   runs  as intended    verdicts seen',
      'taskmanager-killed [docker, Flink 2.1.0]      3  3/3            PASS×3',
      'stop-with-savepoint [docker, Flink 2.1.0]     3  1/3 FLAKY      PASS×1 RESTORE_MISMATCH×1 TIMEOUT×1',
      'zoo-stateless [docker, Flink 2.1.0]           2  0/2 NEVER      PASS×2',
    ]);
  });

  it('is printed and rendered only for a run with repetitions', () => {
    expect(hasRepetitions(results)).toBe(true);
    expect(hasRepetitions([result('a', 'PASS', 1), result('b', 'PASS', 2)])).toBe(false);
    expect(renderIndex({ runId: 'r', startedAt: 0, results: [result('a', 'PASS', 1)] })).not.toContain('Flake table');
    const html = renderIndex({ runId: 'r', startedAt: 0, results });
    expect(html).toContain('<h2 id="flakes">');
    expect(html).toContain('1/3 flaky');
  });
});
