// A user's own FlinkDeployment on the Operator platform: refused before anything starts when the
// operator would refuse it or the harness cannot run it; otherwise kept as written, with only what a
// run must set overridden and every override listed.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  mergeFlinkConfiguration, mergeUserFlinkDeployment, parseUserFlinkDeployment, readUserFlinkDeployment, specFromUserFlinkDeployment, withImageResolved,
  type UserFlinkDeployment,
} from '../../../harness/platforms/operator/user-flink-deployment.ts';
import { flinkDeploymentObject } from '../../../harness/platforms/operator/flink-deployment.ts';
import { defaultSpec, type DeploymentSpec } from '../../../harness/platforms/deployment-spec.ts';
import { storagePaths } from '../../../harness/platforms/generations.ts';
import { PROBE_MAIN_CLASS, describeOverrides } from '../../../harness/platforms/flink-config.ts';
import { checkUserJob } from '../../../harness/platforms/user-job.ts';
import { checksNotRun } from '../../../harness/checks/index.ts';
import { parseScenarioYaml } from '../../../harness/scenario/yaml.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

const EXAMPLE = resolve(import.meta.dirname, '../../../examples/operator/flink-deployment.yaml');
const exampleText = readFileSync(EXAMPLE, 'utf8');
const example = (): Record<string, any> => parse(exampleText) as Record<string, any>;
const textOf = (change: (doc: Record<string, any>) => void): string => {
  const doc = example();
  change(doc);
  return stringify(doc);
};

const problem = (text: string, newestKnown: string | undefined = 'v1_19'): string => {
  try {
    parseUserFlinkDeployment(text, 'team.yaml', newestKnown);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe("a user's FlinkDeployment that cannot run", () => {
  it.each<[string, string, string]>([
    ['not YAML', 'kind: [FlinkDeployment', 'flinkDeployment team.yaml: not valid YAML'],
    ['a list', '- kind: FlinkDeployment', 'flinkDeployment team.yaml: not a YAML map'],
    ['another kind', textOf((d) => { d.kind = 'FlinkSessionJob'; }), 'flinkDeployment team.yaml: kind is "FlinkSessionJob", not FlinkDeployment'],
    ['another apiVersion', textOf((d) => { d.apiVersion = 'flink.apache.org/v1alpha1'; }), 'flinkDeployment team.yaml: apiVersion is "flink.apache.org/v1alpha1", not flink.apache.org/v1beta1'],
    ['a session cluster', textOf((d) => { delete d.spec.job; }), 'flinkDeployment team.yaml: spec.job is missing: a session cluster (no job) is not supported'],
    ['a version newer than the operator knows', textOf((d) => { d.spec.flinkVersion = 'v1_20'; }), 'flinkDeployment team.yaml: spec.flinkVersion v1_20 is unknown to the operator in use (it knows v1_13 to v1_19)'],
    ['a version older than the operator knows', textOf((d) => { d.spec.flinkVersion = 'v1_12'; }), 'spec.flinkVersion v1_12 is unknown to the operator in use'],
    ['a version the operator does not spell so', textOf((d) => { d.spec.flinkVersion = '1.19'; }), 'spec.flinkVersion "1.19" is not a version the operator names (v<major>_<minor>, e.g. v1_19)'],
    ['no flinkVersion', textOf((d) => { delete d.spec.flinkVersion; }), 'spec.flinkVersion is missing'],
    ['no upgradeMode', textOf((d) => { delete d.spec.job.upgradeMode; }), 'spec.job.upgradeMode is missing (the operator then upgrades statelessly); give one of last-state, savepoint, stateless'],
    ['an unknown upgradeMode', textOf((d) => { d.spec.job.upgradeMode = 'latest-state'; }), 'spec.job.upgradeMode "latest-state" is not one of last-state, savepoint, stateless'],
    ['no jarURI', textOf((d) => { delete d.spec.job.jarURI; }), 'spec.job.jarURI is missing'],
    ['a zero parallelism', textOf((d) => { d.spec.job.parallelism = 0; }), 'spec.job.parallelism 0 is not a whole number of at least 1'],
    ['a partial image variable', textOf((d) => { d.spec.image = 'registry/${TEAM}/job:1'; }), 'spec.image registry/${TEAM}/job:1: only a whole ${FRH_IMAGE_<NAME>} is replaced'],
    ['no image', textOf((d) => { delete d.spec.image; }), 'spec.image is missing'],
    ['slots that are not a number', textOf((d) => { d.spec.flinkConfiguration['taskmanager.numberOfTaskSlots'] = 'two'; }), 'taskmanager.numberOfTaskSlots "two" is not a whole number of at least 1'],
  ])('%s is one line naming the field', (_name, text, expected) => {
    expect(problem(text)).toContain(expected);
  });

  it("accepts any vN_M under a user's own operator image, whose enum is unknown", () => {
    expect(() => parseUserFlinkDeployment(textOf((d) => { d.spec.flinkVersion = 'v2_2'; }), 'team.yaml', undefined)).not.toThrow();
  });

  it('names a missing file', () => {
    expect(() => readUserFlinkDeployment('/nonexistent/team.yaml', 'v1_19')).toThrow('flinkDeployment /nonexistent/team.yaml: cannot read (no such file)');
  });

  it('is refused on the other platforms, and a userJob is refused on the operator', () => {
    expect(() => checkUserJob(defaultSpec({ flinkDeployment: EXAMPLE }), 'docker')).toThrow('a FlinkDeployment runs on the operator platform only, not on docker');
    expect(() => checkUserJob(defaultSpec({ userJob: { jar: 'x.jar', entryClass: 'a.B', arguments: [] } }), 'operator')).toThrow("on the operator platform a user's job comes in its own FlinkDeployment");
  });
});

describe("the run's spec from a user's FlinkDeployment", () => {
  const user = parseUserFlinkDeployment(exampleText, EXAMPLE, 'v1_19');

  it("takes the job's parallelism, slots, TaskManagers and the probe's settings from the resource", () => {
    const spec = specFromUserFlinkDeployment(user, defaultSpec({ flinkVersion: '1.20.0', parallelism: 4 }));
    expect(spec).toMatchObject({ flinkDeployment: EXAMPLE, parallelism: 2, slotsPerTaskManager: 2, taskManagers: 1, upgradeMode: 'last-state' });
    expect(spec.probe.keys).toBe(8);
    expect(spec.userJob).toBeUndefined();
  });

  it("keeps the scenario's upgrade mode when it names one, else the resource's", () => {
    expect(specFromUserFlinkDeployment(user, defaultSpec({ upgradeMode: 'savepoint' })).upgradeMode).toBe('savepoint');
    expect(specFromUserFlinkDeployment(user, defaultSpec()).upgradeMode).toBe('last-state');
  });

  it("counts TaskManagers from replicas when given, else as the operator does from parallelism and slots", () => {
    const replicas = parseUserFlinkDeployment(textOf((d) => { d.spec.taskManager.replicas = 3; }), 'team.yaml', 'v1_19');
    expect(specFromUserFlinkDeployment(replicas, defaultSpec()).taskManagers).toBe(3);
    const wide = parseUserFlinkDeployment(textOf((d) => { d.spec.job.parallelism = 5; }), 'team.yaml', 'v1_19');
    expect(specFromUserFlinkDeployment(wide, defaultSpec()).taskManagers).toBe(3);
  });

  it("runs replicas × slots when the resource sets taskManager.replicas, whatever spec.job.parallelism says (the operator's rule)", () => {
    const pinned = parseUserFlinkDeployment(textOf((d) => { d.spec.taskManager.replicas = 3; d.spec.job.parallelism = 1; }), 'team.yaml', 'v1_19');
    expect(specFromUserFlinkDeployment(pinned, defaultSpec())).toMatchObject({ taskManagers: 3, parallelism: 6 });
  });

  it("makes a job that is not the probe a user's job, whose probe witnesses are listed as not run", () => {
    const other = parseUserFlinkDeployment(textOf((d) => {
      d.spec.job.entryClass = 'com.example.OrdersJob';
      d.spec.job.jarURI = 'local:///opt/flink/usrlib/orders.jar';
      d.spec.job.args = ['--topic', 'orders'];
    }), 'team.yaml', 'v1_19');
    const spec = specFromUserFlinkDeployment(other, defaultSpec());
    expect(spec.userJob).toEqual({ jar: 'local:///opt/flink/usrlib/orders.jar', entryClass: 'com.example.OrdersJob', arguments: ['--topic', 'orders'] });
    expect(checksNotRun({ jobId: 'j', restored: null, userJob: spec.userJob !== undefined }).map((c) => c.name)).toEqual(['probe-metric', 'output-continuity']);
  });
});

describe("the FlinkDeployment applied: the user's, with the run's needs", () => {
  const paths = storagePaths();
  const merge = (user: UserFlinkDeployment, spec: DeploymentSpec, extra: Partial<Parameters<typeof flinkDeploymentObject>[0]> = {}) => mergeUserFlinkDeployment(user, flinkDeploymentObject({
    name: 'probe', namespace: 'frh-run-a', spec, paths, upgradeMode: spec.upgradeMode ?? 'last-state', image: 'frh/probe-flink:harness',
    s3: { endpoint: 'http://minio.frh-run-a.svc:9000', accessKey: 'a', secretKey: 's' }, state: 'running', labels: { 'frh.dev/run': 'run-a' }, ...extra,
  }));
  const user = parseUserFlinkDeployment(exampleText, EXAMPLE, 'v1_19');
  const spec = specFromUserFlinkDeployment(user, defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes' }));
  const merged = merge(user, spec);
  const resource = merged.resource;
  const config = resource.spec.flinkConfiguration as Record<string, string>;

  it("keeps the team's image, version, resources, pod template and the settings the run does not need", () => {
    expect(resource.spec).toMatchObject({
      image: '${FRH_IMAGE_PROBE_FLINK_1_20_0}', flinkVersion: 'v1_19', mode: 'standalone', serviceAccount: 'flink',
      jobManager: { replicas: 1, resource: { memory: '1100m', cpu: 0.2 } },
      taskManager: { resource: { memory: '1400m', cpu: 0.3 } },
      job: { jarURI: 'local:///opt/flink/usrlib/probe-job.jar', entryClass: PROBE_MAIN_CLASS, parallelism: 2, upgradeMode: 'last-state', state: 'running' },
    });
    // Neither the team's file nor the run sets replicas: the operator starts ceil(parallelism / slots)
    // TaskManagers and keeps spec.job.parallelism, so an upgrade's parallelism takes effect.
    expect(resource.spec.taskManager).not.toHaveProperty('replicas');
    expect(config).toMatchObject({ 'pipeline.max-parallelism': '128', 'execution.checkpointing.min-pause': '1 s', 'state.backend.type': 'hashmap', 'kubernetes.taskmanager.cpu.limit-factor': '4' });
    const pod = resource.spec.podTemplate as { metadata: { labels: Record<string, string> }; spec: { shareProcessNamespace: boolean; containers: Array<{ name: string; env?: unknown[]; volumeMounts?: Array<{ mountPath: string }> }>; volumes: unknown[] } };
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'orders', 'frh.dev/run': 'run-a' });
    expect(pod.spec.shareProcessNamespace).toBe(true);
    expect(pod.spec.containers).toHaveLength(1);
    expect(pod.spec.containers[0]!.env).toEqual([{ name: 'TZ', value: 'UTC' }]);
    expect(pod.spec.containers[0]!.volumeMounts!.map((m) => m.mountPath)).toEqual(['/opt/flink/usrlib/.operator']);
    expect(resource.metadata).toMatchObject({ name: 'probe', namespace: 'frh-run-a', labels: { team: 'payments', 'frh.dev/run': 'run-a' } });
  });

  it('sets storage, HA, restarts and heartbeats on the run and lists each override', () => {
    expect(config).toMatchObject({
      'execution.checkpointing.interval': '3000ms', 'state.checkpoints.dir': paths.checkpoints, 'high-availability.storageDir': paths.ha,
      'high-availability.type': 'kubernetes', 'restart-strategy.type': 'fixed-delay', 'heartbeat.timeout': '10000', 's3.endpoint': 'http://minio.frh-run-a.svc:9000',
    });
    expect(describeOverrides(merged.configOverrides)).toEqual([
      'execution.checkpointing.interval: 30 s -> 3000ms',
      `state.checkpoints.dir: s3://payments-flink/orders-enrichment/checkpoints -> ${paths.checkpoints}`,
      `state.savepoints.dir: s3://payments-flink/orders-enrichment/savepoints -> ${paths.savepoints}`,
      `high-availability.storageDir: s3://payments-flink/orders-enrichment/ha -> ${paths.ha}`,
      'restart-strategy.type: exponential-delay -> fixed-delay',
    ]);
    expect(describeOverrides(merged.resourceOverrides)).toEqual([
      'metadata.name: orders-enrichment -> probe',
      expect.stringMatching(/^spec\.job\.args: --keys 8 --rate 20 -> --output s3:\/\/\S+ --control s3:\/\/\S+ --keys 8 --rate 20 --probe-version v1 --state-uid probe-state$/),
    ]);
  });

  it("lists the scenario's upgrade mode, the standalone mode, the namespace's account and dropped restore paths as overrides", () => {
    const team = parseUserFlinkDeployment(textOf((d) => {
      d.metadata.namespace = 'payments';
      delete d.spec.mode;
      d.spec.serviceAccount = 'payments-flink';
      d.spec.job.upgradeMode = 'savepoint';
      d.spec.job.initialSavepointPath = 's3://payments-flink/savepoints/sp-1';
      d.spec.flinkConfiguration['execution.savepoint.path'] = 's3://payments-flink/savepoints/sp-1';
    }), 'team.yaml', 'v1_19');
    const scenarioSpec = specFromUserFlinkDeployment(team, defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes', upgradeMode: 'last-state' }));
    const result = merge(team, scenarioSpec);
    expect(describeOverrides(result.resourceOverrides)).toEqual(expect.arrayContaining([
      'metadata.namespace: payments -> frh-run-a',
      'spec.job.upgradeMode: savepoint -> last-state',
      'spec.job.initialSavepointPath: s3://payments-flink/savepoints/sp-1 -> (removed)',
      'spec.mode: (unset): native -> standalone',
      'spec.serviceAccount: payments-flink -> flink',
    ]));
    expect(describeOverrides(result.configOverrides)).toContain('execution.savepoint.path: s3://payments-flink/savepoints/sp-1 -> (removed)');
    expect(result.resource.spec.job).not.toHaveProperty('initialSavepointPath');
    expect(result.resource.spec.flinkConfiguration).not.toHaveProperty('execution.savepoint.path');
  });

  it("leaves a user's job's arguments alone and applies the scenario's changes to the job", () => {
    const other = parseUserFlinkDeployment(textOf((d) => { d.spec.job.entryClass = 'com.example.OrdersJob'; }), 'team.yaml', 'v1_19');
    const otherSpec = specFromUserFlinkDeployment(other, defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes' }));
    const result = merge(other, { ...otherSpec, parallelism: 1 }, { state: 'suspended', savepointTriggerNonce: 7 });
    expect(result.resource.spec.job).toMatchObject({ args: ['--keys', '8', '--rate', '20'], parallelism: 1, state: 'suspended', savepointTriggerNonce: 7 });
    expect(describeOverrides(result.resourceOverrides)).toEqual(['metadata.name: orders-enrichment -> probe', 'spec.job.state: running -> suspended']);
  });

  it("applies a scenario's new version of a user's job (its arguments changed by an upgrade), and leaves a job without arguments without", () => {
    const other = parseUserFlinkDeployment(textOf((d) => { d.spec.job.entryClass = 'com.example.OrdersJob'; }), 'team.yaml', 'v1_19');
    const otherSpec = specFromUserFlinkDeployment(other, defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes' }));
    const upgraded = { ...otherSpec, userJob: { ...otherSpec.userJob!, arguments: [...otherSpec.userJob!.arguments, '--window-uid', 'window-count-v2'] } };
    expect(merge(other, upgraded).resource.spec.job).toMatchObject({ args: ['--keys', '8', '--rate', '20', '--window-uid', 'window-count-v2'] });
    const bare = parseUserFlinkDeployment(textOf((d) => { d.spec.job.entryClass = 'com.example.OrdersJob'; delete d.spec.job.args; }), 'team.yaml', 'v1_19');
    expect(merge(bare, specFromUserFlinkDeployment(bare, defaultSpec({ flinkVersion: '1.20.0', highAvailability: 'kubernetes' }))).resource.spec.job).not.toHaveProperty('args');
  });

  it("lets the user's value stand where the harness's is a default, and wins where the run needs its own", () => {
    const { config: applied, overrides } = mergeFlinkConfiguration(
      { 'state.backend.type': 'rocksdb', 'env.java.opts.all': '-Dteam=1', 'heartbeat.interval': '10000', 'table.exec.state.ttl': '1 h' },
      { 'state.backend.type': 'hashmap', 'env.java.opts.all': '--add-opens=x', 'heartbeat.interval': '2000' },
    );
    expect(applied).toEqual({ 'state.backend.type': 'rocksdb', 'env.java.opts.all': '-Dteam=1', 'heartbeat.interval': '2000', 'table.exec.state.ttl': '1 h' });
    expect(describeOverrides(overrides)).toEqual(['heartbeat.interval: 10000 -> 2000']);
  });

  it('replaces a whole ${FRH_IMAGE_<NAME>} with the image the harness built under that name', () => {
    const previous = process.env.FRH_IMAGE_PROBE_FLINK_1_20_0;
    process.env.FRH_IMAGE_PROBE_FLINK_1_20_0 = 'registry.example/frh/probe-flink:1.20.0';
    try {
      expect(withImageResolved(user).resource.spec.image).toBe('registry.example/frh/probe-flink:1.20.0');
    } finally {
      if (previous === undefined) delete process.env.FRH_IMAGE_PROBE_FLINK_1_20_0;
      else process.env.FRH_IMAGE_PROBE_FLINK_1_20_0 = previous;
    }
    const plain = parseUserFlinkDeployment(textOf((d) => { d.spec.image = 'registry.example/payments/orders:4.2'; }), 'team.yaml', 'v1_19');
    expect(withImageResolved(plain).resource.spec.image).toBe('registry.example/payments/orders:4.2');
  });
});

describe('flinkDeployment in a YAML scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frh-opyaml-'));
  writeFileSync(join(dir, 'team.yaml'), exampleText);
  writeFileSync(join(dir, 'v1_20.yaml'), textOf((d) => { d.spec.flinkVersion = 'v1_20'; }));
  const scenario = (deployment: string, extra = 'platforms: [operator]\n'): string => `id: a\ntitle: T\n${extra}deployment: ${deployment}\nstrategy: LAST_STATE\nfault: suspend\nexpect: {verdict: PASS}\n`;
  const problemOf = (text: string): string => {
    try {
      parseScenarioYaml(text, join(dir, 's.yaml'), {});
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('is a path relative to the scenario file, checked when the file is read', () => {
    expect(parseScenarioYaml(scenario('{flinkDeployment: team.yaml}'), join(dir, 's.yaml'), {}).deployment).toEqual({ flinkDeployment: join(dir, 'team.yaml') });
    expect(problemOf(scenario('{flinkDeployment: v1_20.yaml}'))).toBe(`${join(dir, 's.yaml')}:4:31: deployment.flinkDeployment: ${join(dir, 'v1_20.yaml')}: spec.flinkVersion v1_20 is unknown to the operator in use (it knows v1_13 to v1_19)`);
    expect(problemOf(scenario('{flinkDeployment: missing.yaml}'))).toContain(`deployment.flinkDeployment: ${join(dir, 'missing.yaml')}: cannot read (no such file)`);
  });

  it('runs the example scenario on the example FlinkDeployment beside it', () => {
    const file = resolve(import.meta.dirname, '../../../examples/operator/last-state-parallelism-change.yaml');
    expect(parseScenarioYaml(readFileSync(file, 'utf8'), file, {}).deployment).toEqual({ flinkDeployment: EXAMPLE, upgradeMode: 'last-state' });
  });

  it('is refused off the operator platform and outside deployment:', () => {
    expect(problemOf(scenario('{flinkDeployment: team.yaml}', ''))).toContain('deployment.flinkDeployment: a FlinkDeployment runs on the operator platform only: add platforms: [operator]');
    expect(problemOf(`id: a\ntitle: T\nplatforms: [operator]\nstrategy: LAST_STATE\nfault:\n  upgrade-through-platform: {flinkDeployment: team.yaml}\nexpect: {verdict: PASS}\n`))
      .toContain('fault.upgrade-through-platform.flinkDeployment: a FlinkDeployment file is given once, under deployment:');
  });
});
