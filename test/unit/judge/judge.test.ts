// The judge on the trivial check (Jepsen's noop): a pass never outweighs a check that failed or
// could not decide, and a verdict needs at least one check.
import { describe, expect, it } from 'vitest';
import { check, noopCheck, runChecks } from '../../../harness/checks/index.ts';
import { restoredIsExpected } from '../../../harness/checks/restore-checks.ts';
import type { Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import { judge } from '../../../harness/judge/judge.ts';

const chk5 = { kind: 'checkpoint' as const, id: 5, path: 's3://flink/checkpoints/j/chk-5' };
const expectation: Expectation = { strategy: 'FAILOVER', expected: chk5, acceptable: [chk5], candidates: [], reasoning: [], configNotes: [] };
const observation: Observation = { restored: chk5 };

describe('judge with the noop check', () => {
  it('passes when the only check is noop, naming it', () => {
    const checks = runChecks([noopCheck], observation, expectation);
    expect(checks).toEqual([{ name: 'noop', status: 'pass', detail: 'nothing checked' }]);
    expect(judge({ expectation, checks })).toEqual({ verdict: 'PASS', explanation: 'Restored checkpoint 5 (s3://flink/checkpoints/j/chk-5), the newest at the fault; noop agree.' });
  });

  it('names the restored point when it is an acceptable newer one, and why it counts', () => {
    const chk6 = { kind: 'checkpoint' as const, id: 6, path: 's3://flink/checkpoints/j/chk-6' };
    const raced = { ...expectation, acceptable: [chk5, chk6], reasoning: ['newest checkpoint at the fault: checkpoint 5', 'checkpoint 6 completed 120 ms from the fault and Flink had not confirmed it: also acceptable'] };
    const checks = runChecks([restoredIsExpected], { restored: chk6 }, raced);
    expect(judge({ expectation: raced, checks }).explanation).toBe(
      'Restored checkpoint 6 (s3://flink/checkpoints/j/chk-6), newer than checkpoint 5 (s3://flink/checkpoints/j/chk-5) (the newest certain at the fault) and acceptable: '
      + 'checkpoint 6 completed 120 ms from the fault and Flink had not confirmed it: also acceptable; restored-is-expected agree.');
  });

  it('a passing check does not hide a failing or an unknown one', () => {
    const mismatch = check('mismatch', () => ({ status: 'fail', failsAs: 'STATE_LOSS', detail: 'gap' }));
    const unsure = check('unsure', () => ({ status: 'unknown', detail: 'witness unreadable' }));
    expect(judge({ expectation, checks: runChecks([noopCheck, mismatch], observation, expectation) }).verdict).toBe('STATE_LOSS');
    expect(judge({ expectation, checks: runChecks([noopCheck, unsure], observation, expectation) }).verdict).toBe('INFRA_ERROR');
  });

  it('a runner error wins over noop', () => {
    const checks = runChecks([noopCheck], observation, expectation);
    expect(judge({ expectation, checks, error: { verdict: 'TIMEOUT', message: 'the job did not come back' } }).verdict).toBe('TIMEOUT');
  });
});
