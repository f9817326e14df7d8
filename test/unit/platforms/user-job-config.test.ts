// A user's config.yaml goes under the harness's settings; every key the harness overrides is listed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenFlinkConfig, flinkConfiguration, readUserFlinkConfig, userConfigOverrides } from '../../../harness/platforms/flink-config.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import { checkUserJob } from '../../../harness/platforms/user-job.ts';
import { withWindowUid } from '../../../harness/scenario/example-jobs.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

const paths = { bucket: 'flink', checkpoints: 's3://flink/checkpoints', savepoints: 's3://flink/savepoints', ha: 's3://flink/ha', output: 's3://flink/output', control: 's3://flink/control/fail' };
const topology = { clusterId: 'job-g1', jobManagerHost: 'jobmanager', s3Endpoint: 'http://minio:9000', s3AccessKey: 'a', s3SecretKey: 'b', zookeeperQuorum: 'zookeeper:2181' };
const userJob = (flinkConfig: Record<string, string>, jar = '/jobs/count.jar') => ({ jar, entryClass: 'com.example.Count', arguments: [], flinkConfig });

describe("a user's Flink configuration", () => {
  it('flattens nested maps to dotted keys and lists to the a;b form', () => {
    const yaml = 'pipeline:\n  max-parallelism: 64\nexecution.checkpointing:\n  interval: 30 s\nenv.java.opts.all: -Xss2m\nkubernetes.tolerations: [a, b]\n';
    expect(flattenFlinkConfig(yaml, 'config.yaml')).toEqual({
      'pipeline.max-parallelism': '64', 'execution.checkpointing.interval': '30 s', 'env.java.opts.all': '-Xss2m', 'kubernetes.tolerations': 'a;b',
    });
    expect(flattenFlinkConfig('', 'config.yaml')).toEqual({});
  });

  it('is bad input when it is not a YAML map or cannot be read', () => {
    expect(() => flattenFlinkConfig('- a\n- b\n', 'c.yaml')).toThrow(BadInputError);
    expect(() => flattenFlinkConfig('a: [\n', 'c.yaml')).toThrow(/c.yaml is not valid YAML/);
    expect(() => readUserFlinkConfig('/no/such/config.yaml')).toThrow(/cannot read the Flink configuration \/no\/such\/config.yaml: ENOENT/);
  });

  it('goes under the harness: its own keys stay, the harness wins on the keys it needs, and each override is listed', () => {
    const spec = defaultSpec({ userJob: userJob({ 'pipeline.max-parallelism': '64', 'execution.checkpointing.interval': '30 s', 'high-availability.type': 'none', 'parallelism.default': '2' }) });
    const config = flinkConfiguration(spec, paths, topology);
    expect(config['pipeline.max-parallelism']).toBe('64');
    expect(config['execution.checkpointing.interval']).toBe('3000ms');
    expect(config['high-availability.type']).toBe('zookeeper');
    expect(userConfigOverrides(spec, config)).toEqual([
      { key: 'execution.checkpointing.interval', user: '30 s', harness: '3000ms' },
      { key: 'high-availability.type', user: 'none', harness: 'zookeeper' },
    ]);
    expect(userConfigOverrides(defaultSpec(), config)).toEqual([]);
  });

  it("the example job's config.yaml has overrides to report", () => {
    const example = readUserFlinkConfig(join(import.meta.dirname, '../../../examples/windowed-count-job/config.yaml'));
    const spec = defaultSpec({ userJob: userJob(example) });
    expect(userConfigOverrides(spec, flinkConfiguration(spec, paths, topology)).map((o) => o.key)).toEqual(['execution.checkpointing.interval', 'taskmanager.numberOfTaskSlots']);
  });
});

describe("a user's job", () => {
  const jar = join(mkdtempSync(join(tmpdir(), 'frh-user-job-')), 'count.jar');
  writeFileSync(jar, 'PK');

  it('runs on Docker and Kubernetes (a jar small enough for a ConfigMap) when its jar is a file and its entry class a class name; anything else is bad input before a start', () => {
    expect(() => checkUserJob(defaultSpec({ userJob: userJob({}, jar) }), 'docker')).not.toThrow();
    expect(() => checkUserJob(defaultSpec(), 'kubernetes')).not.toThrow();
    expect(() => checkUserJob(defaultSpec({ userJob: userJob({}, '/no/such.jar') }), 'docker')).toThrow('user job jar /no/such.jar is not a file');
    expect(() => checkUserJob(defaultSpec({ userJob: { ...userJob({}, jar), entryClass: 'com.example.Count;rm' } }), 'docker')).toThrow(BadInputError);
    expect(() => checkUserJob(defaultSpec({ userJob: userJob({}, jar) }), 'kubernetes')).not.toThrow();
    expect(() => checkUserJob(defaultSpec({ userJob: userJob({}, jar) }), 'operator')).toThrow(/on the operator platform a user's job comes in its own FlinkDeployment/);
    const big = join(dirname(jar), 'big.jar');
    writeFileSync(big, Buffer.alloc(1024 * 1024));
    expect(() => checkUserJob(defaultSpec({ userJob: userJob({}, big) }), 'docker')).not.toThrow();
    expect(() => checkUserJob(defaultSpec({ userJob: userJob({}, big) }), 'kubernetes')).toThrow(/travels in a ConfigMap/);
  });

  it('gets another window UID by replacing its argument', () => {
    const job = { ...userJob({}), arguments: ['--keys', '8', '--window-uid', 'window-count'] };
    expect(withWindowUid(job, 'renamed').arguments).toEqual(['--keys', '8', '--window-uid', 'renamed']);
  });
});
