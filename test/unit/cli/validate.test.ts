// Every bad input is answered before anything starts: one line naming what the user typed, exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateInvocation } from '../../../harness/cli/validate.ts';
import { BadInputError } from '../../../harness/support/errors.ts';
import { closedPortUrl, startApiServer, writeKubeconfig } from './fake-cluster.ts';

const dir = mkdtempSync(join(tmpdir(), 'frh-validate-'));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, '');
writeFileSync(join(dir, 'broken'), 'clusters: [unclosed');
const badScenario = join(dir, 'bad.yaml');
writeFileSync(badScenario, '# a scenario with a typo\nid: bad\ntitle: T\nstrategy: NEWEST\nfault: cancel\nexpect: {verdict: PASS}\n');
const kubernetesScenario = join(dir, 'k8s-only.yaml');
writeFileSync(kubernetesScenario, 'id: k8s-only\ntitle: T\nplatforms: [kubernetes]\nstrategy: FAILOVER\nfault: delete-ha-metadata\nexpect: {verdict: PASS}\n');
const exampleFlinkDeployment = join(import.meta.dirname, '../../../examples/operator/flink-deployment.yaml');
const sessionCluster = join(dir, 'session.yaml');
writeFileSync(sessionCluster, 'apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata: {name: s}\nspec: {image: flink:1.19, flinkVersion: v1_19}\n');
const servers: Server[] = [];
let reachable = '';
let refused = '';
let proxy404 = '';
let silent = '';

beforeAll(async () => {
  const kubernetes = await startApiServer('kubernetes');
  const notKubernetes = await startApiServer('not-kubernetes');
  const mute = await startApiServer('silent');
  servers.push(kubernetes.server, notKubernetes.server, mute.server);
  reachable = writeKubeconfig(dir, 'reachable', kubernetes.url);
  refused = writeKubeconfig(dir, 'refused', await closedPortUrl());
  proxy404 = writeKubeconfig(dir, 'proxy404', notKubernetes.url);
  silent = writeKubeconfig(dir, 'silent', mute.url);
});
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** No FRH_* from the machine running the tests, and no kind or minikube on PATH. */
const fakeEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ PATH: join(dir, 'no-bin'), ...extra });
const validate = (argv: string[], extra?: Record<string, string>) => validateInvocation(argv, { env: fakeEnv(extra), probeTimeoutMs: 300 });
const kubernetes = (...rest: string[]) => ['suite', '--platform', 'kubernetes', ...rest];

describe('validateInvocation refuses bad input in one line', () => {
  // Kubeconfig paths are only known once beforeAll ran, hence the functions.
  it.each<[string, () => string[], Record<string, string> | undefined, string | RegExp]>([
    ['unknown command', () => ['launch-rockets'], undefined, /^unknown command "launch-rockets"; try frh --help \(commands: suite, run, repro, list, sweep, cluster, doctor, leak-check(, report)?(, soak)?\)$/],
    ['run without files', () => ['run'], undefined, 'run needs at least one scenario file: frh run FILE.yaml...'],
    ['run of a file with a mistake', () => ['run', badScenario], undefined, `${badScenario}:4:11: strategy: "NEWEST" is not one of FAILOVER, LATEST_STATE, LATEST_SAVEPOINT, LAST_STATE, UPGRADE_SAVEPOINT, NONE`],
    ['run of a file that does not exist', () => ['run', join(dir, 'nope.yaml')], undefined, `${join(dir, 'nope.yaml')}: cannot read the scenario file (ENOENT)`],
    ['run of a Kubernetes-only file on Docker', () => ['run', kubernetesScenario], undefined, `${kubernetesScenario}: scenario k8s-only runs on kubernetes, not on docker; add --platform kubernetes`],
    ['run with a bad option of suite', () => ['run', '--parallel', '0', join(import.meta.dirname, '../../../examples/scenarios/savepoint-then-cancel.yaml')], undefined, '--parallel 0: give how many scenarios run at once, a whole number from 1 to 64'],
    ['list of a file with a mistake', () => ['list', badScenario], undefined, /bad\.yaml:4:11: strategy: "NEWEST" is not one of /],
    ['list in an unknown format', () => ['list', '--format', 'xml'], undefined, '--format xml: not one of human, json'],
    ['unknown option', () => ['suite', '--bogus'], undefined, /^unknown option --bogus for "suite" \(known: --platform, /],
    ['option without value', () => ['suite', '--flink'], undefined, 'option --flink needs a value'],
    ['filter matching nothing', () => ['suite', 'zzzz'], undefined, /^scenario filter "zzzz" matches no scenario; the suite has: 01-taskmanager-killed, .*kubernetes\/02-storage-outage.* \(zoo, run by \.\/run test: .*zoo\/02-ha-disabled/],
    ['malformed filter', () => ['suite', 'Not_A_Filter'], undefined, 'scenario filter "Not_A_Filter": use part of a scenario file name (a-z, 0-9, -)'],
    ['zoo-only filter', () => ['suite', 'ha-disabled'], undefined, /^scenario filter "ha-disabled" selects only zoo scenarios \(zoo\/02-ha-disabled\)/],
    ['Kubernetes-only filter on Docker', () => ['suite', 'storage-outage'], undefined, /^scenario filter "storage-outage" selects only Kubernetes scenarios .* add --platform kubernetes$/],
    ['Operator-only filter on Docker', () => ['suite', 'last-state-parallelism'], undefined, /^scenario filter "last-state-parallelism" selects only Operator scenarios \(operator\/03-last-state-parallelism-change\), which are skipped on docker; add --platform operator$/],
    ['FlinkDeployment on Docker', () => ['suite', '--flink-deployment', exampleFlinkDeployment], undefined, `--flink-deployment ${exampleFlinkDeployment}: a FlinkDeployment runs on the operator platform only (the platform is docker); add --platform operator`],
    ['FlinkDeployment the operator refuses', () => ['suite', '--platform', 'operator', '--flink-deployment', sessionCluster], undefined, `--flink-deployment ${sessionCluster}: spec.job is missing: a session cluster (no job) is not supported; give spec.job with jarURI and upgradeMode`],
    ['platform flag', () => ['suite', '--platform', 'foo'], undefined, '--platform foo: not one of docker, kubernetes, operator, pipeline'],
    ['platform variable', () => ['suite'], { FRH_PLATFORM: 'foo' }, 'FRH_PLATFORM=foo: not one of docker, kubernetes, operator, pipeline'],
    ['Flink version flag', () => ['suite', '--flink', '1.17.0'], undefined, '--flink 1.17.0: Flink 1.17.0 has no image recipe; supported: 2.3.0, 2.1.0, 2.0.0, 1.20.0'],
    ['Flink version malformed', () => ['suite', '--flink', 'latest'], undefined, '--flink latest: "latest" is not a Flink version like 2.3.0'],
    ['Flink version variable', () => ['suite'], { FRH_FLINK_VERSIONS: '2.1.0,9.9.9' }, 'FRH_FLINK_VERSIONS=2.1.0,9.9.9: Flink 9.9.9 has no image recipe; supported: 2.3.0, 2.1.0, 2.0.0, 1.20.0'],
    ['run id variable', () => ['suite'], { FRH_RUN_ID: 'Bad Id' }, 'FRH_RUN_ID=Bad Id: use 1-40 characters of a-z, 0-9 and -'],
    ['report folder under a file', () => ['suite', '--report-dir', join(aFile, 'reports')], undefined, `--report-dir ${join(aFile, 'reports')}: ${aFile} is not a folder`],
    ['report folder variable', () => ['suite'], { FRH_REPORT_DIR: aFile }, `FRH_REPORT_DIR=${aFile}: ${aFile} is not a folder`],
    ['resume command that is not a file', () => ['suite', '--resume-command', './deploy/nope.sh resume'], undefined, '--resume-command ./deploy/nope.sh resume: ./deploy/nope.sh is not an executable file'],
    ['resume command variable, empty', () => ['suite'], { FRH_RESUME_COMMAND: ' ' }, 'FRH_RESUME_COMMAND= : is empty: give the command that prints the snapshot to resume from'],
    ['resume command under the Operator', () => ['suite', '--platform', 'operator', '--resume-command', 'examples/resume-commands/newest-snapshot.sh'], undefined, '--resume-command examples/resume-commands/newest-snapshot.sh: the operator platform never runs it: its own controller decides how a job stops and what it restores (by mode: last-state, savepoint, stateless); leave it out'],
    ['resume command under an Operator soak', () => ['soak', '--platform', 'operator', '--dry-run'], { FRH_RESUME_COMMAND: 'examples/resume-commands/newest-snapshot.sh' }, /^FRH_RESUME_COMMAND=examples\/resume-commands\/newest-snapshot\.sh: the operator platform never runs it/],
    ['parallel zero', () => ['suite', '--parallel', '0'], undefined, '--parallel 0: give how many scenarios run at once, a whole number from 1 to 64'],
    ['parallel negative', () => ['suite', '--parallel=-1'], undefined, '--parallel -1: give how many scenarios run at once, a whole number from 1 to 64'],
    ['parallel negative after a space', () => ['suite', '--parallel', '-1'], undefined, 'option --parallel needs a value'],
    ['parallel not a number', () => ['suite', '--parallel', 'abc'], undefined, '--parallel abc: give how many scenarios run at once, a whole number from 1 to 64'],
    ['parallel fraction', () => ['suite', '--parallel', '1.5'], undefined, '--parallel 1.5: give how many scenarios run at once, a whole number from 1 to 64'],
    ['parallel too many', () => ['suite', '--parallel', '65'], undefined, '--parallel 65: give how many scenarios run at once, a whole number from 1 to 64'],
    ['parallel empty', () => ['suite', '--parallel='], undefined, '--parallel : give how many scenarios run at once, a whole number from 1 to 64'],
    ['parallel without value', () => ['suite', '--parallel'], undefined, 'option --parallel needs a value'],
    ['parallel variable', () => ['suite'], { FRH_PARALLEL: 'two' }, 'FRH_PARALLEL=two: give how many scenarios run at once, a whole number from 1 to 64'],
    ['repeat zero', () => ['suite', '--repeat', '0'], undefined, '--repeat 0: give how many times each scenario runs, a whole number from 1 to 100'],
    ['repeat too many', () => ['suite', '--repeat', '101'], undefined, '--repeat 101: give how many times each scenario runs, a whole number from 1 to 100'],
    ['repeat fraction', () => ['suite', '--repeat', '2.5'], undefined, '--repeat 2.5: give how many times each scenario runs, a whole number from 1 to 100'],
    ['repeat not a number', () => ['suite', '--repeat', 'thrice'], undefined, '--repeat thrice: give how many times each scenario runs, a whole number from 1 to 100'],
    ['repeat without value', () => ['suite', '--repeat'], undefined, 'option --repeat needs a value'],
    ['repeat variable', () => ['suite'], { FRH_REPEAT: '-3' }, 'FRH_REPEAT=-3: give how many times each scenario runs, a whole number from 1 to 100'],
    ['shard index beyond count', () => ['suite', '--shard', '3/2'], undefined, '--shard 3/2: i must be from 1 to 2'],
    ['shard index zero', () => ['suite', '--shard', '0/2'], undefined, '--shard 0/2: i must be from 1 to 2'],
    ['shard count zero', () => ['suite', '--shard', '1/0'], undefined, '--shard 1/0: n (the number of parts) must be at least 1'],
    ['shard not i/n', () => ['suite', '--shard', 'abc'], undefined, '--shard abc: give i/n: run the i-th of n parts of the suite (e.g. 1/3)'],
    ['shard without count', () => ['suite', '--shard', '1'], undefined, '--shard 1: give i/n: run the i-th of n parts of the suite (e.g. 1/3)'],
    ['shard negative', () => ['suite', '--shard=-1/2'], undefined, '--shard -1/2: give i/n: run the i-th of n parts of the suite (e.g. 1/3)'],
    ['shard variable', () => ['suite'], { FRH_SHARD: '2/1' }, 'FRH_SHARD=2/1: i must be from 1 to 1'],
    ['keep with a value', () => ['suite', '--keep=yes'], undefined, 'option --keep takes no value'],
    ['keep variable', () => ['suite'], { FRH_KEEP: 'yes' }, 'FRH_KEEP=yes: give 1 (keep the deployment of a scenario that did not end as intended) or 0'],
    ['cluster flag on Docker', () => ['suite', '--provider', 'existing', '--kubeconfig', '/nonexistent'], undefined, '--provider existing: applies only with --platform kubernetes (the platform is docker)'],
    ['provider flag', () => kubernetes('--provider', 'k3d'), undefined, '--provider k3d: not one of local, kind, minikube, existing'],
    ['provider variable', () => kubernetes(), { FRH_CLUSTER_PROVIDER: 'k3d' }, 'FRH_CLUSTER_PROVIDER=k3d: not one of local, kind, minikube, existing'],
    ['provider CLI missing', () => kubernetes('--provider', 'kind'), undefined, '--provider kind: kind is not installed (or not on PATH)'],
    ['cluster name', () => kubernetes('--provider', 'kind', '--cluster-name', 'Bad_Name'), undefined, '--cluster-name Bad_Name: use 1-41 characters of a-z, 0-9 and -'],
    ['kubeconfig missing', () => kubernetes('--provider', 'existing', '--kubeconfig', '/nonexistent'), undefined, '--kubeconfig /nonexistent: no such file'],
    ['KUBECONFIG missing', () => kubernetes('--provider', 'existing'), { KUBECONFIG: '/nonexistent' }, 'KUBECONFIG=/nonexistent: no such file; pass --kubeconfig or set KUBECONFIG'],
    ['kubeconfig unreadable', () => kubernetes('--provider', 'existing', '--kubeconfig', join(dir, 'broken')), undefined, new RegExp(`^--kubeconfig ${join(dir, 'broken')}: cannot be read: `)],
    ['context missing', () => kubernetes('--provider', 'existing', '--kubeconfig', reachable, '--context', 'dev'), undefined, `--context dev: not in ${join(dir, 'reachable')} (contexts: prod, staging)`],
    ['context variable', () => kubernetes('--provider', 'existing', '--kubeconfig', reachable), { FRH_KUBE_CONTEXT: 'dev' }, /^FRH_KUBE_CONTEXT=dev: not in /],
    ['API server refuses', () => kubernetes('--provider', 'existing', '--kubeconfig', refused), undefined, /^--kubeconfig .*refused: API server https:\/\/127\.0\.0\.1:\d+ \(context "prod"\) is unreachable: connect ECONNREFUSED/],
    ['API server silent', () => kubernetes('--provider', 'existing', '--kubeconfig', silent), undefined, /is unreachable: no answer within 0\.3 s$/],
    ['not an API server', () => kubernetes('--provider', 'existing', '--kubeconfig', proxy404), undefined, /is unreachable: GET \/version answered HTTP 404, not like a Kubernetes API server$/],
    ['sweep run id', () => ['sweep', '--run', 'Bad Id'], undefined, '--run Bad Id: use 1-40 characters of a-z, 0-9 and -'],
    ['sweep platform', () => ['sweep', '--platform', 'mesos'], undefined, '--platform mesos: not one of docker, kubernetes, operator, pipeline'],
    ['sweep unreachable cluster', () => ['sweep', '--platform', 'kubernetes', '--provider', 'existing', '--kubeconfig', refused], undefined, /is unreachable: connect ECONNREFUSED/],
    ['cluster action', () => ['cluster', 'explode'], undefined, 'cluster needs an action: up, down, nodes or load-image (got "explode")'],
    ['cluster image missing', () => ['cluster', 'load-image'], undefined, 'load-image needs at least one image name'],
    ['cluster up unreachable', () => ['cluster', 'up', '--provider', 'existing', '--kubeconfig', refused], undefined, /is unreachable: connect ECONNREFUSED/],
    ['doctor format', () => ['doctor', '--format', 'xml', 'config.yaml'], undefined, '--format xml: not one of human, json'],
    ['doctor without files', () => ['doctor'], undefined, 'doctor needs at least one file: frh doctor config.yaml'],
    ['leak-check folder', () => ['leak-check', '/nonexistent'], undefined, 'report folder /nonexistent: no such folder (give reports/<run>)'],
    ['report folder', () => ['report', '/nonexistent'], undefined, 'report folder /nonexistent: no such folder (give reports/<run>)'],
    ['report two run folders', () => ['report', dir, dir], undefined, 'report takes one run folder, not 2'],
    ['history folder among several', () => ['report', '--history', dir, '/nonexistent'], undefined, 'report folder /nonexistent: no such folder (give reports/)'],
    ['history run count', () => ['report', '--history', dir, '--runs', '0'], undefined, '--runs 0: give a whole number of runs from 1 to 10000'],
    ['history run count not a number', () => ['report', '--history', dir, '--runs', 'all'], undefined, '--runs all: give a whole number of runs from 1 to 10000'],
    ['run count without history', () => ['report', dir, '--runs', '5'], undefined, '--runs goes with --history (frh report --history [REPORTS-FOLDER ...] --runs N)'],
  ])('%s', async (_case, argv, extra, message) => {
    const error = await validate(argv(), extra).then(() => undefined, (e: unknown) => e);
    if (!(error instanceof BadInputError)) throw new Error(`expected a BadInputError, got ${String(error)}`);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});

describe('validateInvocation accepts good input', () => {
  it('applies flags as the variables scenarios read, and says what the command needs', async () => {
    const { env, needs } = await validate(['suite', 'taskmanager', '--flink', '1.20.0,2.1.0', '--report-dir', dir]);
    expect(needs).toEqual(['docker', 'images']);
    expect(env).toMatchObject({ FRH_FLINK_VERSIONS: '1.20.0,2.1.0', FRH_REPORT_DIR: dir });
  });

  it('runs valid scenario files with the options of suite, and lists without Docker', async () => {
    const example = join(import.meta.dirname, '../../../examples/scenarios/savepoint-then-cancel.yaml');
    const { env, needs } = await validate(['run', example, '--flink', '1.20.0']);
    expect(needs).toEqual(['docker', 'images']);
    expect(env).toMatchObject({ FRH_FLINK_VERSIONS: '1.20.0' });
    expect((await validate(['list', example, '--format', 'json'])).needs).toEqual([]);
  });

  it('takes --keep as FRH_KEEP, for suite and run; sweep takes --except-kept', async () => {
    expect((await validate(['suite', '--keep'])).env.FRH_KEEP).toBe('1');
    const example = join(import.meta.dirname, '../../../examples/scenarios/savepoint-then-cancel.yaml');
    expect((await validate(['run', example, '--keep'])).env.FRH_KEEP).toBe('1');
    expect((await validate(['suite'], { FRH_KEEP: '0' })).env.FRH_KEEP).toBe('0');
    expect((await validate(['sweep', '--run', 'r1', '--except-kept'])).args.flags.get('except-kept')).toBe(true);
  });

  it('takes --parallel and --shard as FRH_PARALLEL and FRH_SHARD', async () => {
    const { env } = await validate(['suite', '--parallel', '2', '--shard', '1/3']);
    expect(env).toMatchObject({ FRH_PARALLEL: '2', FRH_SHARD: '1/3' });
    expect((await validate(['suite'], { FRH_PARALLEL: '1', FRH_SHARD: '3/3' })).env).toMatchObject({ FRH_PARALLEL: '1', FRH_SHARD: '3/3' });
  });

  it('takes --repeat as FRH_REPEAT, from 1 to 100', async () => {
    expect((await validate(['suite', '--repeat', '3', '01-taskmanager'])).env).toMatchObject({ FRH_REPEAT: '3' });
    expect((await validate(['suite', '--repeat=100'])).env).toMatchObject({ FRH_REPEAT: '100' });
    expect((await validate(['suite'], { FRH_REPEAT: '1' })).env).toMatchObject({ FRH_REPEAT: '1' });
  });

  it('reaches an existing cluster that answers /version', async () => {
    const { env, needs } = await validate(kubernetes('--provider', 'existing', '--kubeconfig', reachable, '--context', 'staging', 'storage-outage'));
    expect(needs).toEqual(['docker', 'images']);
    expect(env).toMatchObject({ FRH_PLATFORM: 'kubernetes', FRH_CLUSTER_PROVIDER: 'existing', FRH_KUBECONFIG: reachable, FRH_KUBE_CONTEXT: 'staging' });
  });

  it('sweeps Docker unless --platform says otherwise, needing no images', async () => {
    expect((await validate(['sweep'], { FRH_PLATFORM: 'kubernetes' })).needs).toEqual(['docker']);
    expect((await validate(['sweep', '--platform', 'kubernetes', '--provider', 'existing', '--kubeconfig', reachable])).needs).toEqual([]);
  });

  it('leaves a cluster alone on down and asks no image for doctor', async () => {
    expect((await validate(['cluster', 'down', '--provider', 'existing', '--kubeconfig', refused])).needs).toEqual([]);
    expect((await validate(['doctor', 'config.yaml'])).needs).toEqual([]);
  });
});
