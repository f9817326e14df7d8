// A user's job from a scenario file or the command line: what it translates to, and every mistake
// as one line naming the file:line and field (or the flag) before anything is built or deployed.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BadInputError } from '../../../harness/support/errors.ts';
import { loadScenarioFile, parseScenarioYaml } from '../../../harness/scenario/yaml.ts';
import { commandLineJob, withCommandLineJob } from '../../../harness/scenario/command-line-job.ts';
import { validateInvocation } from '../../../harness/cli/validate.ts';
import { parseArgs } from '../../../harness/cli/options.ts';
import { checkUserImageVersion } from '../../../harness/platforms/user-job.ts';
import { flinkVersionOfLibListing } from '../../../harness/platforms/docker/docker-api.ts';

const dir = mkdtempSync(join(tmpdir(), 'frh-user-job-'));
mkdirSync(join(dir, 'jobs'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
write('jobs/my-job.jar', 'PK');
write('jobs/config.yaml', 'execution:\n  checkpointing:\n    interval: 30 s\npipeline.max-parallelism: 64\n');
write('jobs/list.yaml', '- a\n- b\n');
write('jobs/broken.yaml', 'a: [1\n');
write('jobs/not-a-jar.txt', '');
const scenario = (deployment: string, rest = ''): string => `id: a\ntitle: T\nstrategy: FAILOVER\n${deployment}fault: kill-taskmanager\n${rest}expect: {verdict: PASS}\n`;
const parse = (text: string) => parseScenarioYaml(text, join(dir, 'x.yaml'));
const problem = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as Error).message.replace(dir, 'DIR').replace(dir, 'DIR');
  }
  throw new Error('parsed without a problem');
};

describe('deployment.job in a scenario file', () => {
  it('becomes the userJob, paths against the file, config flattened, args as text', async () => {
    const definition = parse(scenario('deployment:\n  parallelism: 1\n  job:\n    jar: jobs/my-job.jar\n    entryClass: com.example.MyJob\n    args: [--rate, 20, --fast, true]\n    config: jobs/config.yaml\n'));
    expect(definition.deployment).toEqual({ parallelism: 1 });
    expect(await definition.userJob!.prepare('2.1.0')).toEqual({
      jar: join(dir, 'jobs/my-job.jar'),
      entryClass: 'com.example.MyJob',
      arguments: ['--rate', '20', '--fast', 'true'],
      flinkConfig: { 'execution.checkpointing.interval': '30 s', 'pipeline.max-parallelism': '64' },
    });
    expect(definition.userJob!.upgrade).toBeUndefined();
  });

  it('takes a Flink image with it, and an upgrade changes only what upgrade.job names', async () => {
    const definition = parse(scenario('deployment:\n  image: my/flink:2.1.0\n  job: {jar: jobs/my-job.jar, entryClass: a.B, args: [--v, "1"]}\n', 'upgrade:\n  job: {args: [--v, "2"]}\n'));
    const deployed = await definition.userJob!.prepare('2.1.0');
    expect(deployed).toEqual({ jar: join(dir, 'jobs/my-job.jar'), entryClass: 'a.B', arguments: ['--v', '1'], image: 'my/flink:2.1.0' });
    expect(definition.userJob!.upgrade!(deployed)).toEqual({ ...deployed, arguments: ['--v', '2'] });
    expect(definition.redeployWith).toEqual({});
  });

  it('the example scenario runs the example job with its own config.yaml', () => {
    const definition = loadScenarioFile(resolve(import.meta.dirname, '../../../examples/scenarios/windowed-count-taskmanager-killed.yaml'));
    expect(definition).toMatchObject({ id: 'yaml-windowed-count-taskmanager-killed', strategy: 'FAILOVER', versions: 'first', expect: { verdict: 'PASS', restored: 'checkpoint' } });
    expect(definition.fault.name).toBe('kill-taskmanager');
    expect(definition.userJob?.prepare).toBeTypeOf('function');
  });

  it('an upgrade that declares the operators it drops carries them into the redeploy', () => {
    const definition = loadScenarioFile(resolve(import.meta.dirname, '../../../examples/scenarios/windowed-count-counter-dropped.yaml'));
    expect(definition.redeployWith).toEqual({ allowNonRestoredState: true, droppedOperators: ['records-seen-counter'] });
    expect(definition.fault.name).toBe('stop-with-savepoint');
    expect(definition.userJob!.upgrade!({ jar: 'j.jar', entryClass: 'a.B', arguments: ['--keys', '8'] }).arguments).toEqual(['--count-uid', 'records-seen-counter-v2']);
    expect(problem(scenario('', 'upgrade:\n  droppedOperators: []\n'))).toBe('DIR/x.yaml:6:21: upgrade.droppedOperators: Too small: expected array to have >=1 items');
  });

  it.each<[string, string, string]>([
    ['a jar that is not there', scenario('deployment:\n  job: {jar: jobs/nope.jar, entryClass: a.B}\n'), 'DIR/x.yaml:5:14: deployment.job.jar: DIR/jobs/nope.jar is not a file'],
    ['a jar that is not a .jar', scenario('deployment:\n  job: {jar: jobs/not-a-jar.txt, entryClass: a.B}\n'), 'DIR/x.yaml:5:14: deployment.job.jar: DIR/jobs/not-a-jar.txt does not end in .jar'],
    ['a config that cannot be read', scenario('deployment:\n  job:\n    jar: jobs/my-job.jar\n    entryClass: a.B\n    config: jobs/nope.yaml\n'), 'DIR/x.yaml:8:13: deployment.job.config: cannot read the Flink configuration DIR/jobs/nope.yaml: ENOENT'],
    ['a config that is a list', scenario('deployment:\n  job:\n    jar: jobs/my-job.jar\n    entryClass: a.B\n    config: jobs/list.yaml\n'), 'DIR/x.yaml:8:13: deployment.job.config: DIR/jobs/list.yaml must be a map of Flink settings'],
    ['a config that is not YAML', scenario('deployment:\n  job:\n    jar: jobs/my-job.jar\n    entryClass: a.B\n    config: jobs/broken.yaml\n'), 'DIR/x.yaml:8:13: deployment.job.config: DIR/jobs/broken.yaml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:'],
    ['a jar without an entry class', scenario('deployment:\n  job: {jar: jobs/my-job.jar}\n'), 'DIR/x.yaml:5:8: deployment.job: entryClass is required: give jar and entryClass (or example: windowed-count)'],
    ['no jar and no example', scenario('deployment:\n  job: {entryClass: a.B}\n'), 'DIR/x.yaml:5:8: deployment.job: jar is required: give jar and entryClass (or example: windowed-count)'],
    ['an example and a jar', scenario('deployment:\n  job: {example: windowed-count, jar: jobs/my-job.jar}\n'), 'DIR/x.yaml:5:39: deployment.job.jar: example: windowed-count builds its own jar; give jar or example, not both'],
    ['an unknown example', scenario('deployment:\n  job: {example: word-count}\n'), 'DIR/x.yaml:5:18: deployment.job.example: "word-count" is not one of windowed-count'],
    ['an entry class that is no class name', scenario('deployment:\n  job: {jar: jobs/my-job.jar, entryClass: "my job"}\n'), 'DIR/x.yaml:5:43: deployment.job.entryClass: a Java class name, e.g. com.example.MyJob'],
    ['an unknown job field', scenario('deployment:\n  job: {jar: jobs/my-job.jar, entryClass: a.B, argz: []}\n'), 'DIR/x.yaml:5:48: deployment.job.argz: unknown field "argz"'],
    ['an image without a job', scenario('deployment:\n  image: my/flink:2.1.0\n'), "DIR/x.yaml:5:10: deployment.image: an image replaces the plain Flink image of your job: give deployment.job too (the probe runs on the harness's own image)"],
    ['an upgrade of a job not deployed', scenario('', 'upgrade:\n  job: {args: []}\n'), 'DIR/x.yaml:6:8: upgrade.job: the upgrade changes a job the deployment does not have: give deployment.job'],
    ['an upgrade to a jar that is not there', scenario('deployment:\n  job: {jar: jobs/my-job.jar, entryClass: a.B}\n', 'upgrade:\n  job: {jar: jobs/v2.jar}\n'), 'DIR/x.yaml:8:14: upgrade.job.jar: DIR/jobs/v2.jar is not a file'],
    ['an example in an upgrade', scenario('deployment:\n  job: {jar: jobs/my-job.jar, entryClass: a.B}\n', 'upgrade:\n  job: {example: windowed-count}\n'), 'DIR/x.yaml:8:9: upgrade.job.example: unknown field "example"'],
  ])('%s', (_, text, message) => {
    expect(problem(text)).toBe(message);
  });
});

describe('the job the command line gives', () => {
  const fileWithJob = write('with-job.yaml', scenario('deployment:\n  job: {jar: jobs/my-job.jar, entryClass: a.B, args: [--v, "1"], config: jobs/config.yaml}\n'));
  const fileWithout = write('without-job.yaml', scenario(''));
  const validate = (argv: string[]) => validateInvocation(argv, { env: { PATH: join(dir, 'no-bin') }, probeTimeoutMs: 300 });
  const refusal = async (argv: string[]): Promise<string> => {
    const error = await validate(argv).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    return (error as Error).message.replace(dir, 'DIR').replace(dir, 'DIR');
  };

  it('--job-arg repeats, kept as a JSON list', () => {
    expect(parseArgs(['run', '--job-arg', 'a', '--job-arg=--b', '--job-arg', '3'], { 'job-arg': 'values' }).flags.get('job-arg')).toBe('["a","--b","3"]');
  });

  it('sets the variables vitest reads, paths made absolute', async () => {
    const { env } = await validate(['run', fileWithout, '--job-jar', join(dir, 'jobs/my-job.jar'), '--entry-class', 'a.B', '--job-arg', 'x', '--flink-config', join(dir, 'jobs/config.yaml'), '--flink-image', 'my/flink:1']);
    expect(env).toMatchObject({ FRH_JOB_JAR: join(dir, 'jobs/my-job.jar'), FRH_JOB_ENTRY_CLASS: 'a.B', FRH_JOB_ARGS: '["x"]', FRH_JOB_FLINK_CONFIG: join(dir, 'jobs/config.yaml'), FRH_FLINK_IMAGE: 'my/flink:1' });
  });

  it('a jar replaces the file\'s job whole; without one, the flags change it field by field', async () => {
    const file = parse(scenario('deployment:\n  job: {jar: jobs/my-job.jar, entryClass: a.B, args: [--v, "1"], config: jobs/config.yaml}\n'));
    const replaced = withCommandLineJob(file, commandLineJob({ FRH_JOB_JAR: join(dir, 'jobs/my-job.jar'), FRH_JOB_ENTRY_CLASS: 'c.D' }), 'x.yaml');
    expect(await replaced.userJob!.prepare('2.1.0')).toEqual({ jar: join(dir, 'jobs/my-job.jar'), entryClass: 'c.D', arguments: [] });
    const changed = withCommandLineJob(file, commandLineJob({ FRH_JOB_ARGS: '["--v","2"]', FRH_FLINK_IMAGE: 'my/flink:2.1.0' }), 'x.yaml');
    expect(await changed.userJob!.prepare('2.1.0')).toMatchObject({ entryClass: 'a.B', arguments: ['--v', '2'], image: 'my/flink:2.1.0', flinkConfig: { 'pipeline.max-parallelism': '64' } });
    expect(withCommandLineJob(file, commandLineJob({}), 'x.yaml')).toBe(file);
  });

  it.each<[string, () => string[], string]>([
    ['a jar without an entry class', () => ['run', fileWithout, '--job-jar', join(dir, 'jobs/my-job.jar')], '--job-jar needs --entry-class: the class whose main() builds the job'],
    ['a jar that is not there', () => ['run', fileWithout, '--job-jar', 'nope.jar', '--entry-class', 'a.B'], `--job-jar nope.jar: ${resolve('nope.jar')} is not a file`],
    ['an entry class that is no class name', () => ['run', fileWithout, '--job-jar', join(dir, 'jobs/my-job.jar'), '--entry-class', 'my job'], '--entry-class my job: not a Java class name (e.g. com.example.MyJob)'],
    ['a config that is a list', () => ['run', fileWithJob, '--flink-config', join(dir, 'jobs/list.yaml')], '--flink-config DIR/jobs/list.yaml: DIR/jobs/list.yaml must be a map of Flink settings'],
    ['an arg for a file without a job', () => ['run', fileWithout, '--job-arg', 'x'], `--job-arg: ${fileWithout.replace(dir, 'DIR')} has no job: (deployment.job); give --job-jar and --entry-class to run your job in it`],
    ['an image for a file without a job', () => ['run', fileWithout, '--flink-image', 'my/flink:1'], `--flink-image: ${fileWithout.replace(dir, 'DIR')} has no job: (deployment.job); give --job-jar and --entry-class to run your job in it`],
    ['an empty image', () => ['run', fileWithJob, '--flink-image', ' '], '--flink-image  : is empty: give a local image tag'],
    ['a job flag on suite', () => ['suite', '--job-jar', 'x.jar'], 'unknown option --job-jar for "suite" (known: --platform, --flink, --report-dir, --provider, --kubeconfig, --context, --cluster-name, --resume-command, --parallel, --shard, --keep, --repeat, --flink-deployment, --pipeline)'],
  ])('%s', async (_, argv, message) => {
    expect(await refusal(argv())).toBe(message);
  });

  it('read from the variables too, named by them', () => {
    expect(() => commandLineJob({ FRH_JOB_JAR: join(dir, 'jobs/my-job.jar') })).toThrow(new BadInputError('FRH_JOB_JAR needs FRH_JOB_ENTRY_CLASS: the class whose main() builds the job'));
    expect(() => commandLineJob({ FRH_JOB_ARGS: 'x' })).toThrow(new BadInputError('FRH_JOB_ARGS=x: must be a JSON array of strings (the CLI sets it from each --job-arg)'));
  });
});

describe("a user's Flink image", () => {
  it('its Flink version is read from the jar names in lib/ (Apache\'s flink-dist, the harness\'s flink-runtime)', () => {
    expect(flinkVersionOfLibListing('flink-cep-2.1.0.jar\nflink-dist-2.1.0.jar\nlog4j-api-2.24.3.jar\n')).toBe('2.1.0');
    expect(flinkVersionOfLibListing('flink-core-1.20.0.jar\nflink-runtime-1.20.0.jar\n')).toBe('1.20.0');
    expect(flinkVersionOfLibListing('flink-dist_2.12-1.14.6.jar\n')).toBe('1.14.6');
    expect(flinkVersionOfLibListing('flink-runtime-web-2.1.0.jar\nmy-udfs.jar\n')).toBeUndefined();
  });

  it('must hold the Flink version the deployment states; an unreadable one is taken on trust', () => {
    expect(() => checkUserImageVersion('my/flink:x', '2.1.0', '1.20.0')).toThrow(new BadInputError('Flink image my/flink:x holds Flink 1.20.0, but the deployment runs Flink 2.1.0: set flinkVersion: 1.20.0 (or --flink 1.20.0) or use an image of 2.1.0'));
    expect(() => checkUserImageVersion('my/flink:x', '2.1.0', '2.1.0')).not.toThrow();
    expect(() => checkUserImageVersion('my/flink:x', '2.1.0', undefined)).not.toThrow();
  });
});
