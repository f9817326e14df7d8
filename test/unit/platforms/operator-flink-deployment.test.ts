import { describe, expect, it } from 'vitest';
import { flinkDeploymentObject, operatorFlinkConfiguration, operatorFlinkVersion } from '../../../harness/platforms/operator/flink-deployment.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import { storagePaths } from '../../../harness/platforms/generations.ts';

const input = {
  name: 'probe', namespace: 'ns', paths: storagePaths(), upgradeMode: 'last-state' as const, image: 'frh/probe-flink:1.20.0-x',
  s3: { endpoint: 'http://minio.ns.svc:9000', accessKey: 'a', secretKey: 's' }, state: 'running' as const, labels: { owner: 'frh' },
};

describe('the FlinkDeployment handed to the operator', () => {
  it("names a Flink newer than the operator's enum by the newest it knows, an older one by itself", () => {
    expect(operatorFlinkVersion('1.20.0', 'v1_19', {})).toBe('v1_19');
    expect(operatorFlinkVersion('1.18.1', 'v1_19', {})).toBe('v1_18');
    expect(operatorFlinkVersion('2.1.0', 'v1_19', {})).toBe('v1_19');
    expect(operatorFlinkVersion('1.20.0', 'v1_19', { FRH_OPERATOR_FLINK_VERSION: 'v1_20' })).toBe('v1_20');
  });

  it('leaves the cluster identity to the operator and adds the option names its own Flink validates', () => {
    const config = operatorFlinkConfiguration({ ...input, spec: defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes' }) });
    for (const owned of ['kubernetes.cluster-id', 'high-availability.cluster-id', 'jobmanager.rpc.address', 'parallelism.default', 'execution.savepoint.path']) expect(config).not.toHaveProperty(owned);
    expect(config).toMatchObject({
      'high-availability.type': 'kubernetes', 'high-availability.storageDir': 's3://flink/ha',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'state.savepoints.dir': 's3://flink/savepoints', 'state.checkpoints.dir': 's3://flink/checkpoints',
    });
  });

  it('carries the job, its upgrade mode, state, nonce and initial savepoint as a user would write them', () => {
    const spec = defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes', parallelism: 1, initialRestore: { kind: 'savepoint', id: 3, path: 's3://flink/savepoints/sp-3' } });
    const object = flinkDeploymentObject({ ...input, spec, upgradeMode: 'savepoint', state: 'suspended', savepointTriggerNonce: 42 });
    const job = object.spec.job as Record<string, unknown>;
    expect(job).toMatchObject({ upgradeMode: 'savepoint', state: 'suspended', parallelism: 1, savepointTriggerNonce: 42, initialSavepointPath: 's3://flink/savepoints/sp-3', entryClass: 'dev.frh.probe.ProbeJob' });
    expect(job.args).toEqual(expect.arrayContaining(['--probe-version', 'v1']));
    expect(object.spec).toMatchObject({ mode: 'standalone', flinkVersion: 'v1_19', serviceAccount: 'flink' });
    expect((object.spec.podTemplate as { spec: Record<string, unknown> }).spec.shareProcessNamespace).toBe(true);
  });

  it('sets no TaskManager replicas unless the spec asks for more than its parallelism needs: with replicas the operator ignores spec.job.parallelism', () => {
    const taskManager = (overrides: Parameters<typeof defaultSpec>[0]) => flinkDeploymentObject({ ...input, spec: defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes', ...overrides }) }).spec.taskManager as Record<string, unknown>;
    // parallelism 2 → 1 on two slots: the operator derives one TaskManager either way, and must see the new parallelism.
    expect(taskManager({ parallelism: 2 })).not.toHaveProperty('replicas');
    expect(taskManager({ parallelism: 1 })).not.toHaveProperty('replicas');
    expect(taskManager({ parallelism: 4 })).not.toHaveProperty('replicas');
    expect(taskManager({ parallelism: 2, taskManagers: 3 })).toMatchObject({ replicas: 3 });
  });
});
