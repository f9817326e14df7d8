// The manifests in manifests/ render to the objects the Kubernetes platform applies: every parameter
// substituted, the harness's labels on every object, and Flink configured for Kubernetes HA.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderManifest, findObject } from '../../../harness/platforms/on-cluster/manifests.ts';
import { namespaceName } from '../../../harness/platforms/on-cluster/namespace-parts.ts';
import { flinkConfiguration, toConfigYaml } from '../../../harness/platforms/flink-config.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';

const labels = { 'app.kubernetes.io/managed-by': 'flink-restore-harness', 'frh.dev/run': 'r1' };
const paths = { bucket: 'flink', checkpoints: 's3://flink/checkpoints', savepoints: 's3://flink/savepoints', ha: 's3://flink/ha', output: 's3://flink/output', control: 's3://flink/control/fail' };

describe('manifests', () => {
  const application = renderManifest('flink-application', { NAMESPACE: 'ns1', GENERATION: 2, FLINK_IMAGE: 'frh/probe:1', TASK_MANAGERS: 3 }, labels);
  const minio = renderManifest('minio', { NAMESPACE: 'ns1', MINIO_IMAGE: 'frh/minio:1', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b', STORAGE_SIZE: '1Gi' }, labels);
  const rbac = renderManifest('flink-rbac', { NAMESPACE: 'ns1' }, labels);

  it('puts every object in the namespace, with the harness labels', () => {
    for (const object of [...application, ...minio, ...rbac]) {
      expect(object.metadata?.namespace, `${object.kind} ${object.metadata?.name}`).toBe('ns1');
      expect(object.metadata?.labels).toMatchObject(labels);
    }
    expect([...application, ...minio, ...rbac].map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ConfigMap/flink-config-g2', 'Deployment/jobmanager-g2', 'Deployment/taskmanager-g2', 'Service/jobmanager-rest-g2',
      'Secret/minio-credentials', 'PersistentVolumeClaim/minio-data', 'Deployment/minio', 'Service/minio',
      'ServiceAccount/flink', 'Role/flink-ha', 'RoleBinding/flink-ha',
    ]);
  });

  it('substitutes numbers as numbers and labels as strings', () => {
    const taskManagers = findObject<{ spec: { replicas: number; selector: { matchLabels: Record<string, unknown> } } } & { kind: string }>(application, 'Deployment', 'taskmanager-g2');
    expect(taskManagers.spec.replicas).toBe(3);
    expect(taskManagers.spec.selector.matchLabels.generation).toBe('2');
  });

  it('gives Flink exactly the ConfigMap rights Kubernetes HA needs, in its namespace only', () => {
    const role = findObject<{ rules: Array<{ resources: string[]; verbs: string[] }> } & { kind: string }>(rbac, 'Role', 'flink-ha');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }]);
  });

  it('lets the JobManager advertise its pod IP and be SIGKILLed from an exec', () => {
    const jobManager = findObject<{ spec: { template: { spec: { shareProcessNamespace: boolean; serviceAccountName: string; containers: Array<{ args: string[] }> } } } } & { kind: string }>(application, 'Deployment', 'jobmanager-g2');
    expect(jobManager.spec.template.spec.shareProcessNamespace).toBe(true);
    expect(jobManager.spec.template.spec.serviceAccountName).toBe('flink');
    expect(jobManager.spec.template.spec.containers[0]!.args).toEqual(['standalone-job', '-Djobmanager.rpc.address=$(POD_IP)']);
  });

  it('refuses a missing parameter instead of leaving it empty', () => {
    expect(() => renderManifest('flink-rbac', {}, labels)).toThrow(/needs parameter NAMESPACE/);
  });
});

describe('Flink configuration on Kubernetes', () => {
  it('has Kubernetes HA with its storageDir on S3, the cluster-id and the namespace', () => {
    const config = parse(toConfigYaml(flinkConfiguration(defaultSpec({ highAvailability: 'kubernetes' }), paths, {
      clusterId: 'probe-g1', jobManagerHost: 'jobmanager-rest-g1', s3Endpoint: 'http://minio.ns1.svc:9000', s3AccessKey: 'a', s3SecretKey: 'b',
      kubernetesNamespace: 'ns1', platformConfig: { 'blob.server.port': '6124' },
    }))) as Record<string, string>;
    expect(config).toMatchObject({
      'high-availability.type': 'kubernetes',
      'high-availability.storageDir': 's3://flink/ha',
      'kubernetes.cluster-id': 'probe-g1',
      'kubernetes.namespace': 'ns1',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'blob.server.port': '6124',
    });
  });
});

describe('namespaceName', () => {
  it('is a DNS label of at most 63 characters', () => {
    expect(namespaceName('test-20261124-091500', 'taskmanager-killed')).toBe('frh-test-20261124-091500-taskmanager-killed');
    const long = namespaceName('a'.repeat(40), 'checkpoint-after-savepoint-then-cancel');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
  });
});
