// The run's exit code ranks shortfalls by severity, JUnit tells errors from failures, and the
// summary counts each verdict class.
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, countVerdicts, runExitCode } from '../../../harness/judge/verdict.ts';
import type { Verdict } from '../../../harness/judge/verdict.ts';
import { toJunitXml } from '../../../harness/report/junit.ts';
import { formatRun } from '../../../harness/report/console.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';

const result = (id: string, verdict: Verdict, expectedVerdict: Verdict = 'PASS', assertionFailures?: string[]): ScenarioResult => ({
  id, title: id, platform: 'docker', flinkVersion: '2.1.0', verdict, expectedVerdict, expected: null, observed: null,
  explanation: `${id} explained`, checks: [], evidence: {}, timings: { startedAt: 0, finishedAt: 1_000, phases: {} },
  ...(assertionFailures ? { assertionFailures } : {}),
});

describe('runExitCode', () => {
  it('a wrong restore anywhere is never hidden behind an infrastructure error elsewhere', () => {
    expect(runExitCode([result('a', 'INFRA_ERROR'), result('b', 'RESTORE_MISMATCH'), result('c', 'PASS')])).toBe(EXIT_CODES.RESTORE_MISMATCH);
    expect(runExitCode([result('a', 'INFRA_ERROR'), result('b', 'NO_RESTORE')])).toBe(EXIT_CODES.NO_RESTORE);
  });

  it('ranks RESTORE_MISMATCH > STATE_LOSS > NO_RESTORE > TIMEOUT > INFRA_ERROR > BAD_INPUT', () => {
    const order: Verdict[] = ['RESTORE_MISMATCH', 'STATE_LOSS', 'NO_RESTORE', 'TIMEOUT', 'INFRA_ERROR', 'BAD_INPUT'];
    order.forEach((worse, i) => {
      for (const milder of order.slice(i + 1)) expect(runExitCode([result('m', milder), result('w', worse)])).toBe(EXIT_CODES[worse]);
    });
  });

  it('intended verdicts are 0; a PASS where a failure was intended stands for that failure; failed assertions for INFRA_ERROR', () => {
    expect(runExitCode([result('a', 'PASS'), result('zoo', 'RESTORE_MISMATCH', 'RESTORE_MISMATCH')])).toBe(0);
    expect(runExitCode([result('zoo', 'PASS', 'RESTORE_MISMATCH')])).toBe(EXIT_CODES.RESTORE_MISMATCH);
    expect(runExitCode([result('a', 'PASS', 'PASS', ['the proof failed'])])).toBe(EXIT_CODES.INFRA_ERROR);
  });
});

describe('JUnit', () => {
  const run = {
    runId: 'r', startedAt: 0,
    results: [
      result('ok', 'PASS'), result('wrong', 'RESTORE_MISMATCH'), result('timeout', 'TIMEOUT'), result('infra', 'INFRA_ERROR'),
      result('bad', 'BAD_INPUT'), result('zoo-missed', 'PASS', 'STATE_LOSS'), result('zoo-caught', 'STATE_LOSS', 'STATE_LOSS'),
      result('fooled', 'PASS', 'PASS', ['the same evidence judged against checkpoint 3 must fail']),
    ],
  };
  const xml = toJunitXml(run);
  const testcase = (id: string): string => xml.split('\n').find((line) => line.includes(`classname="frh.${id}"`))!;

  it('counts infrastructure problems as errors and wrong restores as failures', () => {
    expect(xml).toMatch(/tests="8" failures="3" errors="3"/);
    for (const id of ['timeout', 'infra', 'bad']) expect(testcase(id)).toMatch(/<error message=/);
    for (const id of ['wrong', 'zoo-missed', 'fooled']) expect(testcase(id)).toMatch(/<failure message=/);
    for (const id of ['ok', 'zoo-caught']) expect(testcase(id)).toMatch(/<system-out>/);
  });

  it('a failed assertion is a failure even when the verdict is the intended one, and carries its message', () => {
    expect(testcase('fooled')).toMatch(/<failure message="PASS as intended, but 1 assertion\(s\) failed: the same evidence judged against checkpoint 3 must fail"/);
  });
});

describe('the run summary', () => {
  it('counts each verdict class', () => {
    const results = [result('a', 'PASS'), result('b', 'PASS'), result('c', 'RESTORE_MISMATCH'), result('d', 'TIMEOUT')];
    expect(countVerdicts(results)).toEqual([['PASS', 2], ['RESTORE_MISMATCH', 1], ['TIMEOUT', 1]]);
    const text = formatRun({ runId: 'r', startedAt: 0, results: [...results, result('e', 'PASS', 'PASS', ['kind was checkpoint'])] });
    expect(text.split('\n')[0]).toBe('run r: 5 scenario(s): PASS 3, RESTORE_MISMATCH 1, TIMEOUT 1');
    expect(text).toMatch(/NOT PASS .* e \[docker[^\n]*\n\s+assertion failed: kind was checkpoint/);
  });
});
