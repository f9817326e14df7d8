import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunReport, loadRun } from '../../../harness/report/results.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import { formatRun } from '../../../harness/report/console.ts';

const result = (id: string, verdict: ScenarioResult['verdict'], startedAt: number): ScenarioResult => ({
  id, title: `${id} <title> & more`, platform: 'docker', flinkVersion: '2.1.0', verdict, expectedVerdict: 'PASS',
  expected: { kind: 'checkpoint', id: 5, path: 's3://f/chk-5' }, observed: { kind: 'checkpoint', id: 4, path: 's3://f/chk-4' },
  explanation: 'restored checkpoint 4 instead of checkpoint 5', checks: [], evidence: {}, timings: { startedAt, finishedAt: startedAt + 30_000, phases: {} },
});

describe('RunReport', () => {
  it('regenerates results.json and junit.xml from per-scenario files and points latest at the run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-report-'));
    await new RunReport(root, 'run-1').add(result('b', 'PASS', 2_000));
    await new RunReport(root, 'run-1').add(result('a', 'RESTORE_MISMATCH', 1_000));
    const json = JSON.parse(readFileSync(join(root, 'run-1', 'results.json'), 'utf8'));
    expect(json.results.map((r: ScenarioResult) => r.id)).toEqual(['a', 'b']);
    const junit = readFileSync(join(root, 'run-1', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/tests="2" failures="1"/);
    expect(junit).toMatch(/&lt;title&gt; &amp; more/);
    expect(junit).toMatch(/<failure message="RESTORE_MISMATCH \(intended PASS\)"/);
    expect(readlinkSync(join(root, 'latest'))).toBe('run-1');
    expect(formatRun(loadRun(root, 'run-1')!)).toMatch(/NOT RESTORE_MISMATCH .* a \[docker, Flink 2.1.0\]  expected checkpoint 5/);
  });
});

describe('a kept deployment in the report', () => {
  const kept: ScenarioResult['kept'] = {
    platform: 'docker', where: 'Docker network frh-r1-a (containers frh-r1-a-*)',
    access: [{ what: 'Flink UI (REST)', how: 'http://172.20.0.4:8081' }, { what: 'JobManager log', how: 'docker logs frh-r1-a-jobmanager-g1' }],
    removeWith: 'frh sweep --run r1',
  };

  it('the summary marks the scenario kept; the block after it says how to reach it and how to remove it', async () => {
    const { formatKept } = await import('../../../harness/report/console.ts');
    const run = { runId: 'r1', startedAt: 0, results: [{ ...result('a', 'RESTORE_MISMATCH', 1_000), kept }, result('b', 'PASS', 2_000)] };
    expect(formatRun(run)).toContain('      kept (--keep): Docker network frh-r1-a (containers frh-r1-a-*)');
    expect(formatKept(run).split('\n')).toEqual([
      'kept 1 deployment(s) of scenarios that did not end as intended (--keep); they stay until removed:',
      '  a [docker, Flink 2.1.0] (RESTORE_MISMATCH, intended PASS): Docker network frh-r1-a (containers frh-r1-a-*)',
      '    Flink UI (REST): http://172.20.0.4:8081',
      '    JobManager log:  docker logs frh-r1-a-jobmanager-g1',
      '    remove:          frh sweep --run r1',
    ]);
    expect(formatKept({ ...run, results: [result('b', 'PASS', 2_000)] })).toBe('');
  });

  it('the scenario page shows it', async () => {
    const { renderScenarioPage } = await import('../../../harness/report/html.ts');
    const html = renderScenarioPage({ ...result('a', 'RESTORE_MISMATCH', 1_000), kept }, 'r1');
    expect(html).toContain('<h2 id="kept">Kept deployment</h2>');
    expect(html).toContain('<code>frh sweep --run r1</code>');
  });
});
