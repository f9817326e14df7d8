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
