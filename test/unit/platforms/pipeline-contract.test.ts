// The contract with a pipeline's commands: what each gets in its environment and files, and the
// key=value outputs it writes to $FRH_OUTPUT (where its REST API and storage are, what it restored).
// Commands run for real in `sh`.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { CommandFiles, commandEnvironment, mergeOutputs, parseOutputs, PIPELINE_SETS, PipelineCommandError, requiredFlinkConfig, runPipelineCommand } from '../../../harness/platforms/pipeline/contract.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import { S3_CREDENTIALS, storagePaths } from '../../../harness/platforms/generations.ts';

// The command files' folders go here, and the reaper this process starts for them logs here.
const scratch = mkdtempSync(join(tmpdir(), 'frh-pipeline-contract-unit-'));
beforeAll(() => vi.stubEnv('FRH_REPORT_DIR', join(scratch, 'reports')));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(scratch, { recursive: true, force: true });
});

const spec = defaultSpec({ name: 'taskmanager-killed', highAvailability: 'kubernetes', flinkVersion: '2.3.0' });
const paths = storagePaths();

describe('the outputs a command writes', () => {
  it('reads every key, a URL or a pod selector for each endpoint', () => {
    expect(parseOutputs([
      '# written by deploy.sh',
      'rest=pod:app=flink,component=jobmanager,generation=1:8081',
      '',
      'storage=http://127.0.0.1:9000/',
      'jobmanager=app=flink,component=jobmanager',
      'job-id=0123456789abcdef0123456789abcdef',
      'cluster-id=my-cluster',
      'restored-from=s3://flink/savepoints/savepoint-0123-abc/_metadata',
    ].join('\n'), 'deploy')).toEqual({
      rest: { podSelector: 'app=flink,component=jobmanager,generation=1', port: 8081 },
      storage: { url: 'http://127.0.0.1:9000' },
      jobManagerSelector: 'app=flink,component=jobmanager',
      jobId: '0123456789abcdef0123456789abcdef',
      clusterId: 'my-cluster',
      restoredFrom: 's3://flink/savepoints/savepoint-0123-abc',
    });
    expect(parseOutputs('restored-from=none\n', 'resume')).toEqual({ restoredFrom: 'none' });
    expect(parseOutputs('stop-savepoint=s3://flink/savepoints/savepoint-ab-1/\n', 'suspend')).toEqual({ stopSavepoint: 's3://flink/savepoints/savepoint-ab-1' });
  });

  it.each<[string, string]>([
    ['rest:pod:app=flink:8081', 'the deploy command wrote "rest:pod:app=flink:8081" to $FRH_OUTPUT: expected key=value with a key of rest, storage, jobmanager, job-id, cluster-id, restored-from, stop-savepoint'],
    ['endpoint=http://x:1', 'the deploy command wrote "endpoint=http://x:1" to $FRH_OUTPUT: expected key=value with a key of rest, storage, jobmanager, job-id, cluster-id, restored-from, stop-savepoint'],
    ['rest=', 'the deploy command wrote "rest=" to $FRH_OUTPUT: the value is empty'],
    ['rest=jobmanager:8081', 'the deploy command wrote "rest=jobmanager:8081" to $FRH_OUTPUT: give a URL (http://host:port) or pod:SELECTOR:PORT (a label selector in the namespace, e.g. pod:app=flink,component=jobmanager:8081)'],
    ['storage=pod:app=minio:99999', 'the deploy command wrote "storage=pod:app=minio:99999" to $FRH_OUTPUT: give a URL (http://host:port) or pod:SELECTOR:PORT (a label selector in the namespace, e.g. pod:app=flink,component=jobmanager:8081)'],
    ['job-id=abc', 'the deploy command wrote "job-id=abc" to $FRH_OUTPUT: a Flink job id is 32 hex digits'],
    ['restored-from=/tmp/chk-3', 'the deploy command wrote "restored-from=/tmp/chk-3" to $FRH_OUTPUT: give the s3:// path of the snapshot restored, or none'],
  ])('refuses %s in one line', (line, message) => {
    expect(() => parseOutputs(line, 'deploy')).toThrow(new PipelineCommandError(message));
  });

  it('lets a later command replace where things are, keeps the rest, and forgets what the earlier command did', () => {
    const deployed = parseOutputs(`rest=pod:generation=1:8081\nstorage=pod:app=minio:9000\njob-id=${'c'.repeat(32)}\n`, 'deploy');
    const resumed = parseOutputs('rest=pod:generation=2:8081\nrestored-from=none\n', 'resume');
    expect(mergeOutputs(deployed, resumed)).toEqual({ rest: { podSelector: 'generation=2', port: 8081 }, storage: { podSelector: 'app=minio', port: 9000 }, restoredFrom: 'none' });
  });
});

describe('what a command is given', () => {
  const facts = {
    command: 'deploy', runId: 'r1', namespace: 'frh-r1-taskmanager-killed', kubeconfig: '/k/config', context: 'ctx', spec, paths, generation: 1, clusterId: 'taskmanager-killed-g1',
    jobId: 'ab'.repeat(16), flinkImage: 'frh/probe-flink:2.3.0-x', storageImage: 'frh/minio:y', flinkConfigFile: '/f/config.yaml', credentialsFile: '/f/credentials.env', outputFile: '/f/output.env',
  };

  it('names the deployment, the cluster, the job and the files in FRH_* variables', () => {
    const env = commandEnvironment(facts, { PATH: '/bin', FRH_UNRELATED: 'kept' });
    expect(env).toMatchObject({
      PATH: '/bin', FRH_UNRELATED: 'kept',
      FRH_PIPELINE_COMMAND: 'deploy', FRH_RUN_ID: 'r1', FRH_DEPLOYMENT: 'taskmanager-killed', FRH_NAMESPACE: 'frh-r1-taskmanager-killed',
      FRH_KUBECONFIG: '/k/config', KUBECONFIG: '/k/config', FRH_KUBE_CONTEXT: 'ctx', FRH_GENERATION: '1', FRH_CLUSTER_ID: 'taskmanager-killed-g1', FRH_JOB_ID: 'ab'.repeat(16),
      FRH_FLINK_VERSION: '2.3.0', FRH_FLINK_IMAGE: 'frh/probe-flink:2.3.0-x', FRH_STORAGE_IMAGE: 'frh/minio:y', FRH_JOB_CLASS: 'dev.frh.probe.ProbeJob',
      FRH_PARALLELISM: '2', FRH_TASK_MANAGERS: '1', FRH_FLINK_CONFIG: '/f/config.yaml', FRH_CREDENTIALS: '/f/credentials.env',
      FRH_S3_BUCKET: 'flink', FRH_CHECKPOINTS_DIR: 's3://flink/checkpoints', FRH_SAVEPOINTS_DIR: 's3://flink/savepoints', FRH_HA_DIR: 's3://flink/ha', FRH_OUTPUT: '/f/output.env',
    });
    // The job's arguments as JSON, which a manifest can take as a YAML flow list as it is.
    expect(parse(`args: ${env.FRH_JOB_ARGS}`)).toEqual({ args: ['--output', 's3://flink/output', '--control', 's3://flink/control/fail', '--keys', '4', '--rate', '20', '--probe-version', 'v1', '--state-uid', 'probe-state'] });
    expect(env).not.toHaveProperty('FRH_JOB_JAR');
    expect(env).not.toHaveProperty('AWS_SECRET_ACCESS_KEY');
  });

  it('hands over the configuration the scenario needs, leaving where things are to the pipeline', () => {
    const config = requiredFlinkConfig(spec, paths, 'taskmanager-killed-g1', 'frh-r1-taskmanager-killed');
    expect(config).toMatchObject({
      'execution.checkpointing.interval': '3000ms',
      'execution.checkpointing.dir': 's3://flink/checkpoints',
      'execution.checkpointing.savepoint-dir': 's3://flink/savepoints',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'high-availability.type': 'kubernetes',
      'high-availability.storageDir': 's3://flink/ha',
      'kubernetes.cluster-id': 'taskmanager-killed-g1',
      'kubernetes.namespace': 'frh-r1-taskmanager-killed',
      'restart-strategy.type': 'fixed-delay',
    });
    for (const key of PIPELINE_SETS) expect(config).not.toHaveProperty(key);
    expect(Object.values(config).join('\n')).not.toContain(S3_CREDENTIALS.secretKey);
  });

  it('writes the storage keys and each generation\'s configuration to files only this user reads', () => {
    const files = new CommandFiles(S3_CREDENTIALS, 'run-7', scratch);
    expect(basename(files.folder)).toMatch(/^frh-pipeline-run-7-/);
    try {
      expect(readFileSync(files.credentialsFile, 'utf8')).toBe(`S3_ACCESS_KEY=${S3_CREDENTIALS.accessKey}\nS3_SECRET_KEY=${S3_CREDENTIALS.secretKey}\n`);
      expect(statSync(files.credentialsFile).mode & 0o077).toBe(0);
      const config = files.flinkConfig(2, { 'execution.checkpointing.interval': '3000ms', 'kubernetes.cluster-id': 'x-g2' });
      expect(parse(readFileSync(config, 'utf8'))).toEqual({ 'execution.checkpointing.interval': '3000ms', 'kubernetes.cluster-id': 'x-g2' });
      expect(readFileSync(files.freshOutput(1), 'utf8')).toBe('');
    } finally {
      files.remove();
    }
    expect(() => statSync(files.folder)).toThrow();
  });
});

describe('running a command', () => {
  const run = (command: string, extra: NodeJS.ProcessEnv = {}, timeoutMs = 10_000) => {
    const files = new CommandFiles(S3_CREDENTIALS, 'run-8', scratch);
    const env = { PATH: process.env.PATH, FRH_OUTPUT: files.freshOutput(1), ...extra };
    return runPipelineCommand({ name: 'deploy', command, cwd: files.folder, env, timeoutMs }).finally(() => files.remove());
  };

  it('reads what it wrote to $FRH_OUTPUT and keeps its log', async () => {
    const done = await run('echo applying; echo "rest=pod:app=flink:8081" >> "$FRH_OUTPUT"; echo "storage=http://127.0.0.1:9000" >> "$FRH_OUTPUT"; echo warning >&2');
    expect(done.outputs).toEqual({ rest: { podSelector: 'app=flink', port: 8081 }, storage: { url: 'http://127.0.0.1:9000' } });
    expect(done.log).toContain('applying');
    expect(done.log).toContain('warning');
  });

  it('runs in the pipeline file\'s folder', async () => {
    const done = await run('pwd');
    expect(done.log.trim()).toMatch(/frh-pipeline-/);
  });

  it('fails with the command\'s last line of output', async () => {
    await expect(run('echo first; echo "no such deployment: flink" >&2; exit 3')).rejects.toThrow(new PipelineCommandError('the pipeline\'s deploy command "echo first; echo "no such deployment: flink" >&2; exit 3" failed (exit code 3): no such deployment: flink'));
  });

  it('kills a command that outruns its time, with what it started', async () => {
    const started = Date.now();
    await expect(run('echo waiting; tail -f /dev/null & wait', {}, 500)).rejects.toThrow(/ran longer than 0.5 s and was killed; its last line: waiting$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails when what it wrote cannot be used', async () => {
    await expect(run('echo "rest=localhost" >> "$FRH_OUTPUT"')).rejects.toThrow('the deploy command wrote "rest=localhost" to $FRH_OUTPUT: give a URL');
  });
});
