// A scenario's assertions as data: every failure has a message the report can carry.
import { describe, expect, it } from 'vitest';
import { failedAssertions } from '../../../harness/scenario/assertions.ts';
import type { JudgedMaterial } from '../../../harness/scenario/run-scenario.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import type { Observation } from '../../../harness/checks/observation.ts';
import { check, checksFor, outputContinuity } from '../../../harness/checks/index.ts';
import type { Check } from '../../../harness/checks/index.ts';
import { proveItCouldFail } from '../../../harness/scenario/proofs.ts';

const chk = (id: number) => ({ kind: 'checkpoint' as const, id, path: `s3://flink/checkpoints/j/chk-${id}` });
const expectation: Expectation = { strategy: 'FAILOVER', expected: chk(5), acceptable: [chk(5)], candidates: [{ ...chk(4), seenBy: ['rest'] }, { ...chk(5), seenBy: ['rest'] }], reasoning: [], configNotes: [] };
const observation: Observation = {
  restored: chk(5), metadata: { path: chk(5).path, exists: true, checkpointId: 5 }, probeRestoredIds: [5],
  output: { records: [{ key: '0', seq: 0, count: 1, restoredCheckpointId: 5, probeVersion: 'v1' }], files: 1 },
};
const material: JudgedMaterial = { expectation, observation };
const passed: ScenarioResult = {
  id: 'tm-kill', title: 't', platform: 'docker', flinkVersion: '2.1.0', verdict: 'PASS', expectedVerdict: 'PASS', expected: chk(5), observed: chk(5),
  explanation: 'Restored checkpoint 5', checks: [], evidence: {}, timings: { startedAt: 0, finishedAt: 1, phases: {} },
};
const intent = { expect: { verdict: 'PASS' as const, restored: 'checkpoint' as const } };

describe('failedAssertions', () => {
  it('none for a PASS whose checks would have failed a wrong restore', () => {
    expect(failedAssertions(intent, passed, material)).toEqual([]);
  });

  it('a fact the scenario also shows that does not hold is a failure under a PASS verdict', () => {
    const alsoShows = [{ fact: 'the HA ConfigMap agreed', holds: () => false }, { fact: 'a broken fact', holds: (): boolean => { throw new Error('no checks'); } }];
    expect(failedAssertions({ ...intent, alsoShows }, passed, material)).toEqual([
      'the HA ConfigMap agreed: does not hold (see tm-kill in results.json)',
      'a broken fact: could not be evaluated (no checks)',
    ]);
  });

  it('the wrong kind restored is a failure even when the verdict is PASS', () => {
    expect(failedAssertions({ expect: { verdict: 'PASS', restored: 'savepoint' } }, passed, material)).toEqual(['restored checkpoint, intended savepoint']);
  });

  it('a PASS the same evidence would also give a wrong expectation is a failure (real checks, real judge)', () => {
    // Checks that never read the expectation: the judge passes the evidence against any snapshot.
    const comparesWithRestOnly: Check = check('rest-says-something', (obs) => ({ status: obs.restored ? 'pass' : 'unknown', detail: 'REST named a restore' }));
    const onlyBlindChecks = (m: JudgedMaterial) => proveItCouldFail(m, [comparesWithRestOnly, outputContinuity]);
    expect(failedAssertions(intent, passed, material, onlyBlindChecks)).toEqual([
      'the same evidence judged against checkpoint 4 (s3://flink/checkpoints/j/chk-4) also passes: the checks cannot tell that wrong restore point from the right one',
    ]);
    expect(failedAssertions(intent, passed, undefined)).toEqual(['a PASS must come from judged evidence, and this run judged none']);
  });

  it('a check that claims to witness the restored snapshot but ignores the expectation is named, though the verdict fails', () => {
    const blind: Check = check('blind-witness', (obs) => ({ status: 'pass', detail: `restored ${obs.restored?.kind}` }), { witnessesRestoredSnapshot: true });
    const withBlind = (m: JudgedMaterial) => proveItCouldFail(m, [...checksFor(m.observation), blind]);
    expect(proveItCouldFail(material, [...checksFor(observation), blind])).toMatchObject({ verdict: 'RESTORE_MISMATCH', blindWitnesses: ['blind-witness'] });
    expect(failedAssertions(intent, passed, material, withBlind)).toEqual([
      'blind-witness claims to witness which snapshot was restored, yet passes against checkpoint 4 (s3://flink/checkpoints/j/chk-4) as against the right one: it ignores the expectation',
    ]);
  });

  it('every built-in witness of the restored snapshot stops passing against the wrong expectation', () => {
    const everyWitness: Observation = {
      ...observation, haCheckpointIds: [4, 5], jobManagerLogRestore: { point: chk(5), line: 'Restoring job j from Checkpoint 5' },
      platformRecord: { savepoint: 'taken', field: 'status.jobStatus.savepointInfo.lastSavepoint', path: chk(5).path },
    };
    const checks = checksFor(everyWitness);
    const witnesses = checks.filter((c) => c.witnessesRestoredSnapshot).map((c) => c.name);
    expect(witnesses).toEqual(['restored-is-expected', 'storage-metadata', 'probe-metric', 'ha-store', 'jobmanager-log', 'platform-record']);
    expect(proveItCouldFail({ expectation, observation: everyWitness })).toEqual({ verdict: 'RESTORE_MISMATCH', wrongExpected: 'checkpoint 4 (s3://flink/checkpoints/j/chk-4)', blindWitnesses: [] });
    // Nothing restored and nothing expected: against a wrong snapshot each witness says NO_RESTORE.
    const none: Expectation = { ...expectation, expected: { kind: 'none' }, acceptable: [{ kind: 'none' }], candidates: [] };
    const empty: Observation = { restored: null, probeRestoredIds: [-1], jobManagerLogRestore: null };
    expect(proveItCouldFail({ expectation: none, observation: empty }, checksFor({ ...empty, userJob: false }).filter((c) => c.witnessesRestoredSnapshot)))
      .toMatchObject({ verdict: 'NO_RESTORE', blindWitnesses: [] });
  });

  it('an unintended verdict is named with the intended one', () => {
    expect(failedAssertions({ expect: { verdict: 'RESTORE_MISMATCH' } }, passed, material)).toEqual(['verdict PASS, intended RESTORE_MISMATCH']);
  });
});
