// kind and minikube cannot run on the build machine (no privileged containers); what can be tested
// here is what the harness asks of them: the generated config and the exact commands.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KindProvider, kindConfig } from '../../../harness/clusters/kind.ts';
import { MinikubeProvider } from '../../../harness/clusters/minikube.ts';
import { ExistingClusterProvider } from '../../../harness/clusters/existing.ts';
import { clusterProvider } from '../../../harness/clusters/index.ts';
import { ClusterCommandError, type CommandRunner } from '../../../harness/clusters/cluster.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

/** Records every command; answers `kind get clusters` with the given clusters. */
function recorder(answers: Record<string, string> = {}, failing?: string) {
  const calls: Array<{ line: string; kubeconfigEnv?: string }> = [];
  const run: CommandRunner = async (command, args, options) => {
    const line = [command, ...args].join(' ');
    calls.push({ line, kubeconfigEnv: options?.env?.KUBECONFIG });
    if (failing && line.startsWith(failing)) return { code: 1, stdout: '', stderr: 'ERROR: failed to create cluster: node(s) already exist\n' };
    return { code: 0, stdout: answers[line] ?? '', stderr: '' };
  };
  return { run, calls };
}

describe('kind', () => {
  it('generates a one-node config publishing NodePorts on loopback only', () => {
    const config = parse(kindConfig({ portMappings: [{ containerPort: 30081, hostPort: 18081 }] }));
    expect(config).toEqual({
      kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4',
      nodes: [{ role: 'control-plane', extraPortMappings: [{ containerPort: 30081, hostPort: 18081, listenAddress: '127.0.0.1', protocol: 'TCP' }] }],
    });
  });

  it('creates, loads images and deletes with its own kubeconfig', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'frh-kind-'));
    const { run, calls } = recorder();
    const kind = new KindProvider({ name: 'frh', stateDir, nodeImage: 'kindest/node:v1.34.0', run });
    const cluster = await kind.up();
    await kind.loadImages(['frh/probe-flink:2.1.0-abc']);
    await kind.down();
    const kubeconfig = join(stateDir, 'kind-frh.kubeconfig');
    expect(cluster).toEqual({ provider: 'kind', kubeconfig, context: 'kind-frh' });
    expect(calls.map((c) => c.line)).toEqual([
      'kind get clusters',
      `kind create cluster --name frh --config ${join(stateDir, 'kind-frh.yaml')} --kubeconfig ${kubeconfig} --wait 180s --image kindest/node:v1.34.0`,
      'kind load docker-image frh/probe-flink:2.1.0-abc --name frh',
      `kind delete cluster --name frh --kubeconfig ${kubeconfig}`,
    ]);
    expect(parse(readFileSync(join(stateDir, 'kind-frh.yaml'), 'utf8')).kind).toBe('Cluster');
  });

  it('attaches to a cluster that already exists instead of creating it', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'frh-kind-'));
    const { run, calls } = recorder({ 'kind get clusters': 'other\nfrh\n' });
    await new KindProvider({ name: 'frh', stateDir, run }).up();
    expect(calls.map((c) => c.line)).toEqual(['kind get clusters', `kind export kubeconfig --name frh --kubeconfig ${join(stateDir, 'kind-frh.kubeconfig')}`]);
  });

  it('a failing kind command is one line naming the command and kind’s error', async () => {
    const { run } = recorder({}, 'kind create');
    const up = new KindProvider({ name: 'frh', stateDir: mkdtempSync(join(tmpdir(), 'frh-kind-')), run }).up();
    await expect(up).rejects.toThrow(ClusterCommandError);
    await expect(up).rejects.toThrow(/^kind create cluster --name frh .* failed: ERROR: failed to create cluster: node\(s\) already exist$/);
  });
});

describe('minikube', () => {
  it('starts, loads and deletes one profile, keeping its context out of the user’s kubeconfig', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'frh-minikube-'));
    const { run, calls } = recorder();
    const minikube = new MinikubeProvider({ profile: 'frh', stateDir, kubernetesVersion: 'v1.34.0', driver: 'docker', run });
    const cluster = await minikube.up();
    await minikube.loadImages(['frh/minio:x', 'frh/probe-flink:y']);
    await minikube.down();
    const kubeconfig = join(stateDir, 'minikube-frh.kubeconfig');
    expect(cluster).toEqual({ provider: 'minikube', kubeconfig, context: 'frh' });
    expect(calls.map((c) => c.line)).toEqual([
      'minikube start --profile frh --wait all --kubernetes-version v1.34.0 --driver docker',
      'minikube image load frh/minio:x --profile frh',
      'minikube image load frh/probe-flink:y --profile frh',
      'minikube delete --profile frh',
    ]);
    expect(new Set(calls.map((c) => c.kubeconfigEnv))).toEqual(new Set([kubeconfig]));
  });
});

describe('existing cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frh-existing-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: prod',
    'clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]',
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: prod, context: {cluster: c, user: u}}, {name: staging, context: {cluster: c, user: u}}]',
  ].join('\n'));

  it('uses the current context, or the one asked for, and never deletes anything', async () => {
    expect(await new ExistingClusterProvider({ kubeconfig }).up()).toEqual({ provider: 'existing', kubeconfig, context: 'prod' });
    expect((await new ExistingClusterProvider({ kubeconfig, context: 'staging' }).up()).context).toBe('staging');
    await expect(new ExistingClusterProvider({ kubeconfig }).down()).resolves.toBeUndefined();
  });

  it.each([
    [{ kubeconfig: join(dir, 'missing') }, /kubeconfig .*missing does not exist \(pass --kubeconfig or set KUBECONFIG\)/],
    [{ kubeconfig, context: 'dev' }, /has no context "dev"; contexts: prod, staging/],
  ])('bad input %j is one BadInputError line', async (options, message) => {
    const up = new ExistingClusterProvider(options).up();
    await expect(up).rejects.toThrow(BadInputError);
    await expect(up).rejects.toThrow(message);
  });
});

describe('clusterProvider', () => {
  it('defaults to the local cluster and refuses unknown providers and names', () => {
    expect(clusterProvider().name).toBe('local');
    expect(() => clusterProvider({ provider: 'k3d' })).toThrow(/not one of local, kind, minikube, existing/);
    expect(() => clusterProvider({ provider: 'kind', name: 'Bad_Name' })).toThrow(BadInputError);
  });
});
