// The judge's paragraph, word for word, on every path: a runner's error, a failed check, a check
// that could not decide, no check, a PASS on the expected or on an acceptable newer snapshot.
// Written for the mutants `./run mutation` found that no unit test killed: each sentence a person
// acts on is pinned here.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../harness/checks/check.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import type { Snapshot } from '../../../harness/oracle/snapshot.ts';
import { judge } from '../../../harness/judge/judge.ts';

const chk5 = { kind: 'checkpoint' as const, id: 5, path: 's3://f/chk-5' };
const chk6 = { kind: 'checkpoint' as const, id: 6, path: 's3://f/chk-6' };
const newest: Snapshot = { ...chk5, completedAt: Date.UTC(2026, 0, 2, 3, 4, 5), seenBy: ['rest'] };
const base: Expectation = { strategy: 'FAILOVER', expected: chk5, acceptable: [chk5], newestAtFault: newest, candidates: [newest], reasoning: [], configNotes: [] };
const pass = (name: string, observed?: string): CheckResult => ({ name, status: 'pass', detail: 'ok', ...(observed ? { observed } : {}) });

describe('a runner error', () => {
  it('names the error, the newest checkpoint with its time, the expected point and each likely cause', () => {
    const expectation = { ...base, configNotes: ['no HA', 'retention 1'] };
    expect(judge({ expectation, checks: [], error: { verdict: 'NO_RESTORE', message: 'the job never came back' } }).explanation).toBe(
      'NO_RESTORE: the job never came back. Newest checkpoint at the fault: checkpoint 5 (s3://f/chk-5) completed 2026-01-02T03:04:05.000Z. '
      + 'Expected checkpoint 5 (s3://f/chk-5). Likely cause: no HA; retention 1.');
  });

  it('says nothing of a cause when the oracle noted none, and no verdict prefix but NO_RESTORE', () => {
    expect(judge({ expectation: base, checks: [], error: { verdict: 'TIMEOUT', message: 'late' } }).explanation).toBe(
      'late. Newest checkpoint at the fault: checkpoint 5 (s3://f/chk-5) completed 2026-01-02T03:04:05.000Z. Expected checkpoint 5 (s3://f/chk-5).');
  });

  it('words what existed by strategy: a fresh start, nothing eligible, a savepoint, other state, no completion time', () => {
    const error = { verdict: 'INFRA_ERROR' as const, message: 'x' };
    const said = (expectation: Expectation) => judge({ expectation, checks: [], error }).explanation;
    expect(said({ ...base, strategy: 'NONE', expected: { kind: 'none' } })).toBe('x. Strategy NONE (a fresh start): the job must start with empty state. Expected no snapshot (empty state).');
    expect(said({ ...base, strategy: 'LATEST_SAVEPOINT', newestAtFault: undefined })).toBe(
      'x. Newest state at the fault: none (nothing eligible for LATEST_SAVEPOINT existed). Expected checkpoint 5 (s3://f/chk-5).');
    const savepoint: Snapshot = { kind: 'savepoint', id: 7, path: 's3://f/sp-7', seenBy: ['trigger'] };
    expect(said({ ...base, strategy: 'UPGRADE_SAVEPOINT', newestAtFault: savepoint })).toBe(
      'x. Newest savepoint at the fault: savepoint 7 (s3://f/sp-7). Expected checkpoint 5 (s3://f/chk-5).');
    // The operator's record said its stop took no savepoint: the fallback's checkpoint is named as one.
    expect(said({ ...base, strategy: 'UPGRADE_SAVEPOINT' })).toBe(
      'x. Newest checkpoint at the fault: checkpoint 5 (s3://f/chk-5) completed 2026-01-02T03:04:05.000Z. Expected checkpoint 5 (s3://f/chk-5).');
    expect(said({ ...base, strategy: 'LATEST_STATE', newestAtFault: savepoint })).toBe(
      'x. Newest state at the fault: savepoint 7 (s3://f/sp-7). Expected checkpoint 5 (s3://f/chk-5).');
    expect(said({ ...base, strategy: 'LAST_STATE', newestAtFault: { ...newest, completedAt: undefined } })).toBe(
      'x. Newest checkpoint at the fault: checkpoint 5 (s3://f/chk-5). Expected checkpoint 5 (s3://f/chk-5).');
  });
});

describe('a failed check', () => {
  it('is a RESTORE_MISMATCH when it names no class, and the paragraph names what restored-is-expected saw and every witness', () => {
    const checks: CheckResult[] = [
      pass('rest', 'checkpoint 9 (s3://f/chk-9)'),
      { name: 'restored-is-expected', status: 'fail', observed: 'checkpoint 4 (s3://f/chk-4)', detail: 'older' },
      { name: 'ha', status: 'unknown', detail: 'no ConfigMap' },
    ];
    expect(judge({ expectation: { ...base, configNotes: ['no HA', 'retention 1'] }, checks })).toEqual({
      verdict: 'RESTORE_MISMATCH',
      explanation: 'RESTORE_MISMATCH: Newest checkpoint at the fault: checkpoint 5 (s3://f/chk-5) completed 2026-01-02T03:04:05.000Z. '
        + 'Expected checkpoint 5 (s3://f/chk-5); restored checkpoint 4 (s3://f/chk-4). '
        + 'Witnesses: rest agrees; restored-is-expected disagrees (older); ha unknown (no ConfigMap). Likely cause: no HA; retention 1.',
    });
  });

  it('says the restored point is unknown without restored-is-expected, and names no cause when none was noted', () => {
    const checks: CheckResult[] = [{ name: 'gauge', status: 'fail', failsAs: 'STATE_LOSS', observed: 'checkpoint 9 (s3://f/chk-9)', detail: 'gap' }];
    expect(judge({ expectation: base, checks }).explanation).toBe(
      'STATE_LOSS: Newest checkpoint at the fault: checkpoint 5 (s3://f/chk-5) completed 2026-01-02T03:04:05.000Z. '
      + 'Expected checkpoint 5 (s3://f/chk-5); restored unknown. Witnesses: gauge disagrees (gap).');
  });
});

describe('no verdict a check can decide', () => {
  it('is INFRA_ERROR naming each check that could not decide, and every witness', () => {
    const checks: CheckResult[] = [pass('rest'), { name: 'ha', status: 'unknown', detail: 'no ConfigMap' }, { name: 'log', status: 'unknown', detail: 'no line' }];
    expect(judge({ expectation: base, checks }).explanation).toBe(
      'Could not verify: ha: no ConfigMap; log: no line. Newest checkpoint at the fault: checkpoint 5 (s3://f/chk-5) completed 2026-01-02T03:04:05.000Z. '
      + 'Witnesses: rest agrees; ha unknown (no ConfigMap); log unknown (no line).');
  });

  it('is INFRA_ERROR when no check ran', () => {
    expect(judge({ expectation: base, checks: [] })).toEqual({ verdict: 'INFRA_ERROR', explanation: 'No check ran, so nothing was verified.' });
  });
});

describe('a PASS', () => {
  it('takes the restored point from restored-is-expected, not from the first check that observed one', () => {
    const checks = [pass('rest', 'checkpoint 6 (s3://f/chk-6)'), pass('restored-is-expected', 'checkpoint 5 (s3://f/chk-5)')];
    expect(judge({ expectation: base, checks }).explanation).toBe('Restored checkpoint 5 (s3://f/chk-5), the newest at the fault; rest, restored-is-expected agree.');
  });

  it('on an acceptable newer point, gives every reason it counts, or none when the oracle gave none', () => {
    const raced = { ...base, acceptable: [chk5, chk6] };
    const checks = [pass('restored-is-expected', 'checkpoint 6 (s3://f/chk-6)')];
    expect(judge({ expectation: raced, checks }).explanation).toBe(
      'Restored checkpoint 6 (s3://f/chk-6), newer than checkpoint 5 (s3://f/chk-5) (the newest certain at the fault) and acceptable; restored-is-expected agree.');
    const reasons = { ...raced, reasoning: ['newest: checkpoint 5', 'a: also acceptable', 'b: also acceptable'] };
    expect(judge({ expectation: reasons, checks }).explanation).toBe(
      'Restored checkpoint 6 (s3://f/chk-6), newer than checkpoint 5 (s3://f/chk-5) (the newest certain at the fault) and acceptable: a: also acceptable; b: also acceptable; restored-is-expected agree.');
  });
});
