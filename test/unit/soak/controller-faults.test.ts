// A soak under the Flink Kubernetes Operator: its suspends and upgrades are judged by the operator's
// upgradeMode (the descriptor's restoreSemantics), not by a strategy of the soak's own, through the
// same oracle, checks, judge and assertions as a scenario. A round that restored an older snapshot
// than the mode promises is RESTORE_MISMATCH, never PASS, and a PASS must survive the proof against a
// deliberately wrong snapshot.
import { describe, expect, it } from 'vitest';
import { soakDefinition } from '../../../harness/soak/run-soak.ts';
import { cannotDraw, injectableOn, parseSoakFaults, soakFaultKind, soakStrategy } from '../../../harness/soak/schedule.ts';
import { deploymentTemplate } from '../../../harness/platforms/abilities.ts';
import type { Deployment, PlatformChange } from '../../../harness/platforms/platform.ts';
import type { DeploymentSpec, UpgradeMode } from '../../../harness/platforms/deployment-spec.ts';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import type { RestorePoint, Snapshot, StopSavepointRecord } from '../../../harness/oracle/snapshot.ts';
import { checksFor, runChecks } from '../../../harness/checks/index.ts';
import type { Observation } from '../../../harness/checks/observation.ts';
import { judge } from '../../../harness/judge/judge.ts';
import { failedAssertions } from '../../../harness/scenario/assertions.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import type { ScheduledFault } from '../../../harness/soak/schedule.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

const JOB = 'a1b2c3d4000000000000000000000001';
const SUSPENDED_AT = Date.UTC(2026, 11, 8, 1, 0, 0);
const chk = (id: number, at: number): Snapshot & { kind: 'checkpoint' } =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${JOB}/chk-${id}`, completedAt: at, jobId: JOB, seenBy: ['rest', 'storage'] });
const chk6 = chk(6, SUSPENDED_AT - 7_000);
const chk7 = chk(7, SUSPENDED_AT - 2_000);
const sp8: Snapshot = { kind: 'savepoint', id: 8, path: 's3://flink/savepoints/savepoint-a1b2c3-5f2e9d0c1b7a', completedAt: SUSPENDED_AT + 3_000, seenBy: ['storage'] };
const point = (s: Snapshot): RestorePoint => ({ kind: s.kind, id: s.id, path: s.path } as RestorePoint);

/** A deployment of the operator platform as far as its class goes, running in `upgradeMode`. */
function operatorDeployment(upgradeMode: UpgradeMode): Deployment {
  return Object.assign(deploymentTemplate('operator'), { upgradeMode });
}

const run = (schedule: ScheduledFault[]) => ({ seed: 7, schedule, platform: { name: 'operator' } });
const suspendAt45: ScheduledFault = { index: 1, atSeconds: 45, fault: 'suspend' };

/** Every witness agrees with REST: Flink restored `restored`, the HA ConfigMap pointed at `haIds`. */
function observationOf(restored: RestorePoint, extra: Partial<Observation> = {}): Observation {
  const id = restored.kind === 'none' ? -1 : restored.id;
  return {
    restored,
    ...(restored.kind === 'none' ? {} : { metadata: { path: restored.path, exists: true, checkpointId: restored.id } }),
    probeRestoredIds: [id, id],
    output: { records: [{ key: '0', seq: 0, count: 1, restoredCheckpointId: -1, probeVersion: 'v1' }, { key: '0', seq: 1, count: 2, restoredCheckpointId: id, probeVersion: 'v1' }], files: 2 },
    ...extra,
  };
}

/** A soak round judged as injectAndJudge judges it, with the assertions the soak adds. */
function judgedRound(mode: UpgradeMode, scheduled: ScheduledFault, observation: Observation, stopSavepoint?: StopSavepointRecord) {
  const definition = soakDefinition(run([scheduled]), operatorDeployment(mode), scheduled);
  const expectation = expectRestore({
    strategy: definition.strategy, faultKind: definition.fault.kind, faultAt: SUSPENDED_AT, faultEffectiveAt: SUSPENDED_AT + 5_000, restoreBeganAt: SUSPENDED_AT + 5_000,
    jobId: JOB, lineage: { jobIds: [JOB] }, storageListed: true, observed: [chk6, chk7, ...(mode === 'savepoint' ? [sp8] : [])], config: { upgradeMode: mode },
    ...(stopSavepoint ? { stopSavepoint } : {}),
  });
  const checks = runChecks(checksFor(observation), observation, expectation);
  const { verdict, explanation } = judge({ expectation, checks });
  const result: ScenarioResult = {
    id: definition.id, title: definition.title, platform: 'operator', flinkVersion: '1.20.0', verdict, expectedVerdict: 'PASS',
    expected: expectation.expected, observed: observation.restored ?? { kind: 'none' }, explanation, checks, evidence: {}, timings: { startedAt: 0, finishedAt: 1, phases: {} },
  };
  return { definition, verdict, explanation, assertionFailures: failedAssertions(definition, result, { expectation, observation }) };
}

describe('what a soak on the operator platform draws', () => {
  it('the kills and the spec changes, not a cancel or a stop over REST, which the operator would leave ended', () => {
    expect(injectableOn('operator')).toEqual(['taskmanager', 'jobmanager', 'jobmanager-replaced', 'suspend', 'upgrade']);
    expect(cannotDraw('operator', soakFaultKind('cancel'))).toMatch(/^its own controller, not the harness's resume, decides whether a job ended over Flink's REST comes back/);
    expect(() => parseSoakFaults('taskmanager,stop-with-savepoint', '--faults', 'operator')).toThrow(BadInputError);
    expect(() => parseSoakFaults('taskmanager,stop-with-savepoint', '--faults', 'operator')).toThrow(/^--faults taskmanager,stop-with-savepoint: the operator platform cannot inject stop-with-savepoint \(its own controller/);
  });

  it('no spec changes where no controller reconciles a spec: the same schedules there as before', () => {
    for (const platform of ['docker', 'kubernetes']) {
      expect(injectableOn(platform)).toEqual(['taskmanager', 'jobmanager', 'jobmanager-replaced', 'cancel', 'stop-with-savepoint']);
      expect(() => parseSoakFaults('suspend', '--faults', platform)).toThrow(`--faults suspend: the ${platform} platform cannot inject suspend (fault suspend needs a platform that can reconcile a job spec (suspend and upgrade through its own controller); ${platform} cannot)`);
    }
  });
});

describe("the strategy a soak round is judged under", () => {
  it("is the operator's for its upgradeMode when the operator restores, the kind's own otherwise", () => {
    expect(soakStrategy(soakFaultKind('suspend'), 'operator', 'last-state')).toBe('LAST_STATE');
    expect(soakStrategy(soakFaultKind('upgrade'), 'operator', 'savepoint')).toBe('UPGRADE_SAVEPOINT');
    expect(soakStrategy(soakFaultKind('upgrade'), 'operator', 'stateless')).toBe('NONE');
    expect(soakStrategy(soakFaultKind('jobmanager'), 'operator', 'savepoint')).toBe('FAILOVER');
    expect(() => soakStrategy(soakFaultKind('suspend'), 'operator', undefined)).toThrow(/does not say what its controller restores in mode \(none\)/);
  });

  it('reads the mode from the running deployment, and asserts a checkpoint only where the mode promises one', () => {
    const lastState = soakDefinition(run([suspendAt45]), operatorDeployment('last-state'), suspendAt45);
    expect(lastState).toMatchObject({ id: 'soak-7-1-suspend', strategy: 'LAST_STATE', expect: { verdict: 'PASS', restored: 'checkpoint' } });
    expect(lastState.title).toMatch(/suspend → set running again, restores what the controller's mode promises \(last-state: LAST_STATE\)$/);
    // Savepoint mode may fall back to the newest checkpoint when the operator finds the job unhealthy.
    const savepoint = soakDefinition(run([suspendAt45]), operatorDeployment('savepoint'), suspendAt45);
    expect(savepoint.strategy).toBe('UPGRADE_SAVEPOINT');
    expect(savepoint.expect.restored).toBeUndefined();
  });
});

describe('a soak round under the operator, judged', () => {
  it('last-state suspend: PASS on the newest checkpoint the HA metadata held, and the proof against a wrong snapshot holds', () => {
    const round = judgedRound('last-state', suspendAt45, observationOf(point(chk7), { haCheckpointIds: [6, 7] }));
    expect(round.verdict).toBe('PASS');
    expect(round.assertionFailures).toEqual([]);
  });

  it('last-state suspend: RESTORE_MISMATCH when the new job restored the older checkpoint', () => {
    const round = judgedRound('last-state', suspendAt45, observationOf(point(chk6), { haCheckpointIds: [6, 7] }));
    expect(round.verdict).toBe('RESTORE_MISMATCH');
    expect(round.explanation).toContain(`Expected checkpoint 7 (${chk7.path}); restored checkpoint 6 (${chk6.path})`);
    expect(round.assertionFailures).toEqual(['verdict RESTORE_MISMATCH, intended PASS']);
  });

  it('savepoint-mode upgrade: RESTORE_MISMATCH when the operator recorded its savepoint and Flink restored the newest checkpoint', () => {
    const upgrade: ScheduledFault = { index: 2, atSeconds: 100, fault: 'upgrade' };
    const taken: StopSavepointRecord = { savepoint: 'taken', path: sp8.path, field: 'status.jobStatus.savepointInfo.lastSavepoint' };
    const pass = judgedRound('savepoint', upgrade, observationOf(point(sp8), { platformRecord: taken }), taken);
    expect(pass.verdict).toBe('PASS');
    expect(pass.assertionFailures).toEqual([]);
    const wrong = judgedRound('savepoint', upgrade, observationOf(point(chk7), { platformRecord: taken }), taken);
    expect(wrong.verdict).toBe('RESTORE_MISMATCH');
    expect(wrong.explanation).toContain(`Expected savepoint 8 (${sp8.path}); restored checkpoint 7`);
  });
});

describe('the upgrade a soak injects', () => {
  it('flips the parallelism of the spec the job runs now, each time it is injected', async () => {
    const applied: Array<Partial<DeploymentSpec>> = [];
    const deployment = Object.assign(Object.defineProperty(operatorDeployment('last-state'), 'jobId', { value: JOB }), {
      spec: { parallelism: 2 } as DeploymentSpec,
      async upgrade(this: { spec: DeploymentSpec }, changes: Partial<DeploymentSpec>): Promise<PlatformChange> {
        applied.push(changes);
        this.spec = { ...this.spec, ...changes };
        return { requestedAt: 1, effectiveAt: 2 };
      },
    });
    const fault = soakFaultKind('upgrade').make();
    const context = { deployment, watcher: undefined as never };
    const first = await fault.inject(context);
    await fault.inject(context);
    expect(applied).toEqual([{ parallelism: 1 }, { parallelism: 2 }]);
    expect(first.detail).toMatchObject({ changes: { parallelism: 1 }, upgradeMode: 'last-state' });
  });
});
