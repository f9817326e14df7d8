// The notes that explain a failing verdict ("Likely cause: …"): each names a configured reason the
// newest state was missed, for the faults where it applies and no others. A note where it does not
// apply sends a person after the wrong cause; a missing one hides the right one.
import { describe, expect, it } from 'vitest';
import { explainConfig, explainUnusableMetadata } from '../../../harness/oracle/config-notes.ts';
import type { OracleConfig } from '../../../harness/oracle/config-notes.ts';
import type { FaultKind, RestoreStrategy, Snapshot } from '../../../harness/oracle/snapshot.ts';

const chk5: Snapshot = { kind: 'checkpoint', id: 5, path: 's3://flink/checkpoints/j/chk-5', seenBy: ['rest'] };
const sp3: Snapshot = { kind: 'savepoint', id: 3, path: 's3://flink/savepoints/savepoint-3', seenBy: ['trigger'] };
/** Checkpoints retained: under LATEST_STATE only the note under test remains. */
const RETAINED: OracleConfig = { externalizedRetention: 'RETAIN_ON_CANCELLATION' };

/** The first words of each note, enough to tell them apart. */
const heads = (config: OracleConfig, strategy: RestoreStrategy, faultKind?: FaultKind, newest?: Snapshot): string[] =>
  explainConfig(config, strategy, faultKind, newest).map((note) => note.slice(0, note.indexOf(':')));

describe('retention notes', () => {
  const none: OracleConfig = { externalizedRetention: 'NO_EXTERNALIZED_CHECKPOINTS' };
  const deleteOnCancel: OracleConfig = { externalizedRetention: 'DELETE_ON_CANCELLATION' };

  it('NO_EXTERNALIZED_CHECKPOINTS: a job that ended lost its checkpoints, named when the newest is one', () => {
    expect(explainConfig(none, 'FAILOVER', 'cancel', chk5)).toEqual([
      'retention is NO_EXTERNALIZED_CHECKPOINTS: checkpoints are deleted when the job ends, so after the cancel checkpoint 5 is gone and LATEST_STATE can only fall back to a savepoint or empty state',
    ]);
    for (const ending of ['stop-with-savepoint', 'terminal-failure', 'upgrade'] as const) expect(heads(none, 'FAILOVER', ending)).toEqual(['retention is NO_EXTERNALIZED_CHECKPOINTS']);
    // A restore outside the job (a redeploy) needs retained checkpoints whatever the fault.
    expect(explainConfig(none, 'LATEST_STATE', undefined, sp3)).toEqual([
      'retention is NO_EXTERNALIZED_CHECKPOINTS: checkpoints are deleted when the job ends, so after the fault the newest checkpoint is gone and LATEST_STATE can only fall back to a savepoint or empty state',
    ]);
  });

  it('NO_EXTERNALIZED_CHECKPOINTS does not explain a failover inside a job that kept running', () => {
    expect(explainConfig(none, 'FAILOVER', 'taskmanager-loss', chk5)).toEqual([]);
    expect(explainConfig(none, 'FAILOVER', undefined, chk5)).toEqual([]);
  });

  it('DELETE_ON_CANCELLATION explains a cancel or an upgrade only', () => {
    expect(explainConfig(deleteOnCancel, 'LATEST_STATE', 'cancel', chk5)).toEqual([
      'retention is DELETE_ON_CANCELLATION: cancelling deletes checkpoint 5, so LATEST_STATE can only fall back to a savepoint or empty state',
    ]);
    expect(explainConfig(deleteOnCancel, 'LATEST_STATE', 'upgrade', sp3)).toEqual([
      'retention is DELETE_ON_CANCELLATION: cancelling deletes the retained checkpoints, so LATEST_STATE can only fall back to a savepoint or empty state',
    ]);
    expect(explainConfig(deleteOnCancel, 'LATEST_STATE', 'jobmanager-loss', chk5)).toEqual([]);
    expect(heads(none, 'LATEST_STATE', 'cancel', chk5)).toEqual(['retention is NO_EXTERNALIZED_CHECKPOINTS']);
  });

  it('unset retention is named for LATEST_STATE when the newest is a checkpoint, and for nothing else', () => {
    expect(explainConfig({}, 'LATEST_STATE', 'cancel', chk5)).toEqual([
      'externalized checkpoint retention is not configured (Flink default NO_EXTERNALIZED_CHECKPOINTS): checkpoints do not outlive the job',
    ]);
    expect(explainConfig({}, 'LATEST_STATE', 'cancel', sp3)).toEqual([]);
    expect(explainConfig({}, 'LATEST_STATE', 'cancel')).toEqual([]);
    expect(explainConfig({}, 'FAILOVER', 'cancel', chk5)).toEqual([]);
    expect(explainConfig({ externalizedRetention: 'RETAIN_ON_CANCELLATION' }, 'LATEST_STATE', 'cancel', chk5)).toEqual([]);
  });

  it('one retained checkpoint is named, two are not', () => {
    expect(explainConfig({ numRetained: 1 }, 'FAILOVER', 'taskmanager-loss', chk5)).toEqual(['only one checkpoint is retained: if it is unreadable there is nothing to fall back to']);
    expect(explainConfig({ numRetained: 2 }, 'FAILOVER', 'taskmanager-loss', chk5)).toEqual([]);
  });
});

describe('high-availability notes', () => {
  it('HA off explains a lost JobManager only when HA is really off', () => {
    expect(heads({ haEnabled: false }, 'FAILOVER', 'jobmanager-loss', chk5)).toEqual(['high availability is off']);
    expect(explainConfig({}, 'FAILOVER', 'jobmanager-loss', chk5)).toEqual([]);
    expect(explainConfig({ haEnabled: false }, 'FAILOVER', 'taskmanager-loss', chk5)).toEqual([]);
  });

  it('a storageDir that does not survive explains every replacement of the JobManager', () => {
    const local: OracleConfig = { haStorageDurable: false };
    const note = 'the HA storageDir does not survive a JobManager restart: the recovered pointers lead to files that are gone';
    expect(explainConfig(local, 'FAILOVER', 'jobmanager-loss', chk5)).toEqual([note]);
    // A last-state upgrade or suspend replaces the JobManager too.
    expect(explainConfig({ ...local, upgradeMode: 'last-state' }, 'LAST_STATE', 'upgrade', chk5)).toEqual([note]);
    expect(explainConfig({ ...local, upgradeMode: 'last-state' }, 'LAST_STATE', 'suspend', chk5)).toEqual([note]);
  });

  it('a storageDir that does not survive explains nothing when the JobManager stayed, or when HA is off anyway', () => {
    const local: OracleConfig = { haStorageDurable: false };
    expect(explainConfig(local, 'FAILOVER', 'taskmanager-loss', chk5)).toEqual([]);
    expect(explainConfig({ ...local, upgradeMode: 'last-state' }, 'LAST_STATE', 'cancel', chk5)).toEqual([]);
    expect(explainConfig({ ...local, upgradeMode: 'savepoint' }, 'UPGRADE_SAVEPOINT', 'upgrade', chk5)).toEqual([]);
    expect(heads({ ...local, haEnabled: false }, 'FAILOVER', 'jobmanager-loss', chk5)).toEqual(['high availability is off']);
    expect(explainConfig({ haStorageDurable: true }, 'FAILOVER', 'jobmanager-loss', chk5)).toEqual([]);
  });

  it('a reused cluster-id explains a fresh start that recovered old state, naming the HA store', () => {
    expect(explainConfig({ reusedClusterId: 'orders' }, 'NONE', 'deployment-deleted', chk5)).toEqual([
      'the new deployment reuses cluster-id orders, and the earlier deployment under that id was deleted without ending its job: its HA data (ZooKeeper nodes or ConfigMaps) stayed behind, so Flink recovered that job\'s newest checkpoint instead of starting fresh',
    ]);
    expect(explainConfig({ ...RETAINED, reusedClusterId: 'orders' }, 'LATEST_STATE', 'deployment-deleted', chk5)).toEqual([]);
    expect(explainConfig({}, 'NONE', 'deployment-deleted', chk5)).toEqual([]);
  });

  it('lost HA metadata names the store and the newest snapshot, or says no checkpoint was known', () => {
    expect(explainConfig({}, 'FAILOVER', 'ha-metadata-loss')).toEqual([
      'the HA metadata (ConfigMaps) was deleted while the job ran: Flink documents that a JobManager recovers the job graph and the checkpoint pointers only from its HA services, so the JobManager that replaced the lost one finds no record of any checkpoint and starts the job as a new submission',
    ]);
    expect(explainConfig({ haStore: 'ZooKeeper' }, 'FAILOVER', 'ha-metadata-loss', chk5)[0]).toMatch(/^the HA metadata \(ZooKeeper\) was deleted .* no record of checkpoint 5 /);
  });
});

describe('Flink Kubernetes Operator notes', () => {
  it('a stateless upgradeMode explains an upgrade or a suspend that should have kept state', () => {
    expect(explainConfig({ ...RETAINED, upgradeMode: 'stateless' }, 'LATEST_STATE', 'upgrade', chk5)).toEqual([
      'the FlinkDeployment\'s upgradeMode is stateless: the operator starts the job after an upgrade from empty state (operator docs, "Job Management"), so checkpoint 5 is not restored; last-state or savepoint keeps it',
    ]);
    expect(explainConfig({ upgradeMode: 'stateless' }, 'LATEST_STATE', 'suspend')).toEqual([
      'the FlinkDeployment\'s upgradeMode is stateless: the operator starts the job after a suspend from empty state (operator docs, "Job Management"), so the newest state is not restored; last-state or savepoint keeps it',
    ]);
  });

  it('a stateless upgradeMode explains nothing when empty state was asked for, or after other faults, or in other modes', () => {
    expect(explainConfig({ upgradeMode: 'stateless' }, 'NONE', 'upgrade', chk5)).toEqual([]);
    expect(explainConfig({ ...RETAINED, upgradeMode: 'stateless' }, 'LATEST_STATE', 'cancel', chk5)).toEqual([]);
    expect(explainConfig({ upgradeMode: 'last-state' }, 'LAST_STATE', 'upgrade', chk5)).toEqual([]);
  });

  it("a terminal failure under the operator: its restart drops the state, whatever the upgradeMode", () => {
    expect(explainConfig({ ...RETAINED, upgradeMode: 'savepoint' }, 'LATEST_STATE', 'terminal-failure', chk5)).toEqual([
      'the job failed for good and the Flink Kubernetes Operator restarted it (kubernetes.operator.job.restart.failed): operator 1.7.0 resubmits a terminally failed job as a new job without any state, whatever its upgradeMode (savepoint), so checkpoint 5 is not restored; recreate the FlinkDeployment with initialSavepointPath set to the newest retained checkpoint',
    ]);
    expect(explainConfig({ upgradeMode: 'last-state' }, 'LATEST_STATE', 'terminal-failure')[0]).toMatch(/upgradeMode \(last-state\), so the retained state is not restored;/);
    expect(explainConfig(RETAINED, 'LATEST_STATE', 'terminal-failure', chk5)).toEqual([]);
    expect(explainConfig({ ...RETAINED, upgradeMode: 'savepoint' }, 'LATEST_STATE', 'cancel', chk5)).toEqual([]);
  });
});

describe('unusable _metadata', () => {
  const broken = (problem: string | undefined, id = 12): Snapshot =>
    ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/j/chk-${id}`, seenBy: ['storage'], ...(problem === undefined ? {} : { problem }) });

  it('a header naming another id gives both ids, however many digits', () => {
    expect(explainUnusableMetadata([broken('header says checkpoint 10')])).toEqual([
      's3://flink/checkpoints/j/chk-12/_metadata carries checkpoint id 10 inside a directory for 12: checkpoint 12 does not count as existing state, a restore from it would fail',
    ]);
  });

  it('a header naming its own id is unusable for the reason given, and no reason reads as unreadable', () => {
    expect(explainUnusableMetadata([broken('header says checkpoint 12, then the file ends')])).toEqual([
      's3://flink/checkpoints/j/chk-12/_metadata is unusable (header says checkpoint 12, then the file ends): checkpoint 12 does not count as existing state, a restore from it would fail',
    ]);
    expect(explainUnusableMetadata([broken(undefined)])[0]).toMatch(/chk-12\/_metadata is unusable \(unreadable\): /);
  });
});
