import { describe, expect, it } from 'vitest';
import { flinkConfiguration, haStorageDurable, recoveryPathKey, toConfigYaml, probeJobArguments, JAVA_MODULE_OPTIONS, PROBE_JVM_OPTIONS } from '../../../harness/platforms/flink-config.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import { parse } from 'yaml';

const paths = { bucket: 'flink', checkpoints: 's3://flink/checkpoints', savepoints: 's3://flink/savepoints', ha: 's3://flink/ha', output: 's3://flink/output', control: 's3://flink/control/fail' };
const topology = { clusterId: 'probe-g1', jobManagerHost: 'jobmanager', s3Endpoint: 'http://minio:9000', s3AccessKey: 'a', s3SecretKey: 'b', zookeeperQuorum: 'zookeeper:2181' };

describe('haStorageDurable', () => {
  it('is true for the platform HA store, false for a container path set through flinkConfig, undefined without HA', () => {
    expect(haStorageDurable(defaultSpec())).toBe(true);
    expect(haStorageDurable(defaultSpec({ flinkConfig: { 'high-availability.storageDir': 'file:///opt/flink/ha' } }))).toBe(false);
    expect(haStorageDurable(defaultSpec({ highAvailability: 'none' }))).toBeUndefined();
  });
});

describe('flinkConfiguration', () => {
  it('configures what the seed requires: checkpoints retained on cancel, HA on S3', () => {
    const config = flinkConfiguration(defaultSpec(), paths, topology);
    expect(config['execution.checkpointing.externalized-checkpoint-retention']).toBe('RETAIN_ON_CANCELLATION');
    expect(config['execution.checkpointing.dir']).toBe('s3://flink/checkpoints');
    expect(config['high-availability.type']).toBe('zookeeper');
    expect(config['high-availability.storageDir']).toBe('s3://flink/ha');
    expect(config['high-availability.cluster-id']).toBe('probe-g1');
    expect(config['s3.path.style.access']).toBe('true');
  });

  it('uses the recovery-path key of the Flink version', () => {
    expect(recoveryPathKey('2.1.0')).toBe('execution.state-recovery.path');
    expect(recoveryPathKey('1.20.0')).toBe('execution.savepoint.path');
    const from = { kind: 'savepoint' as const, id: 7, path: 's3://flink/savepoints/savepoint-abc' };
    expect(flinkConfiguration(defaultSpec({ flinkVersion: '1.20.0' }), paths, topology, from)['execution.savepoint.path']).toBe(from.path);
    expect(flinkConfiguration(defaultSpec(), paths, topology, from)['execution.state-recovery.path']).toBe(from.path);
    expect(flinkConfiguration(defaultSpec(), paths, topology, { kind: 'none' })['execution.state-recovery.path']).toBeUndefined();
  });

  it('starts the probe\'s JVMs with C1 only, a user\'s job with the JVM\'s default compilers', () => {
    expect(flinkConfiguration(defaultSpec(), paths, topology)['env.java.opts.all']).toBe(`${JAVA_MODULE_OPTIONS} -XX:TieredStopAtLevel=1`);
    expect(PROBE_JVM_OPTIONS).toBe('-XX:TieredStopAtLevel=1');
    const userJob = { jar: '/tmp/job.jar', entryClass: 'Job', arguments: [], flinkConfig: {} };
    expect(flinkConfiguration(defaultSpec({ userJob }), paths, topology)['env.java.opts.all']).toBe(JAVA_MODULE_OPTIONS);
  });

  it('leaves HA keys out when HA is off and lets extra config win', () => {
    const config = flinkConfiguration(defaultSpec({ highAvailability: 'none', flinkConfig: { 'parallelism.default': '3' } }), paths, topology);
    expect(config['high-availability.type']).toBeUndefined();
    expect(config['parallelism.default']).toBe('3');
  });

  it('shortens the ZooKeeper session so a killed JobManager\'s leadership lapses in seconds, unless the user set it', () => {
    const key = 'high-availability.zookeeper.client.session-timeout';
    expect(flinkConfiguration(defaultSpec(), paths, topology)[key]).toBe('10000');
    expect(flinkConfiguration(defaultSpec({ highAvailability: 'kubernetes' }), paths, { ...topology, kubernetesNamespace: 'ns' })[key]).toBeUndefined();
    const userJob = { jar: '/tmp/job.jar', entryClass: 'Job', arguments: [], flinkConfig: { [key]: '30000' } };
    expect(flinkConfiguration(defaultSpec({ userJob }), paths, topology)[key]).toBe('30000');
  });

  it('bounds how long a killed TaskManager can freeze the JobManager\'s metrics (web.timeout) well below the 120 s the gauge witness waits, on every platform, unless the user set it', () => {
    for (const spec of [defaultSpec(), defaultSpec({ highAvailability: 'kubernetes' }), defaultSpec({ highAvailability: 'none' })]) {
      expect(Number(flinkConfiguration(spec, paths, { ...topology, kubernetesNamespace: 'ns' })['web.timeout'])).toBe(30_000);
    }
    const userJob = { jar: '/tmp/job.jar', entryClass: 'Job', arguments: [], flinkConfig: { 'web.timeout': '600000' } };
    expect(flinkConfiguration(defaultSpec({ userJob }), paths, topology)['web.timeout']).toBe('600000');
  });

  it('writes YAML that reads back to the same flat keys', () => {
    const config = flinkConfiguration(defaultSpec(), paths, topology);
    expect(parse(toConfigYaml(config))).toEqual(config);
  });

  it('passes the probe settings as program arguments', () => {
    expect(probeJobArguments(defaultSpec({ probe: { keys: 3, ratePerSecond: 9, version: 'v2', stateUid: 'x' } }), paths)).toEqual([
      '--output', 's3://flink/output', '--control', 's3://flink/control/fail', '--keys', '3', '--rate', '9', '--probe-version', 'v2', '--state-uid', 'x',
    ]);
  });
});
