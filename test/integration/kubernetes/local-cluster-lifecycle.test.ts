// `down` leaves the host as `up` found it: processes, mounts, network namespaces, links and
// iptables chains (and the hostPath volume folder) are compared before `up` and after `down`. In
// between, `up` must replace a cluster whose components are gone, as after a reboot or on a machine
// restored from a snapshot of a running cluster, without touching a process that now holds one of
// their pids. Runs its own up/down cycles.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LocalClusterProvider } from '../../../harness/clusters/local.ts';
import { describeNodes } from '../../../harness/cli/cluster.ts';
import { Kube } from '../../../harness/k8s/kube.ts';
import type { Cluster } from '../../../harness/clusters/cluster.ts';

const CLUSTER_PROCESS = /(^|\/)(etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|kube-proxy|coredns)( |$)|local-cluster\/containerd/;

// Docker's own containers come and go meanwhile (./run test's Docker lane runs beside this test,
// and other runs may share the machine): its bridges, veths and mounts are not the cluster's and are
// left out of the comparison. A veth is the cluster's when the cluster's bridge holds it or its peer
// sits in a network namespace the CNI plugins named (`link-netns cni-…`); any other is Docker's,
// also while Docker is still setting it up (no master yet, its peer not yet moved). A leftover of a
// pod still shows: its process (below) and its `cni-` namespace. Docker's data root may be another
// folder than the default (`dockerd --data-root`).
const DOCKER_LINK = /^(docker0|br-[0-9a-f]+)$|master (docker0|br-[0-9a-f]+)/;
const DOCKER_MOUNT = / \/(run|var\/lib)\/docker[^/ ]*\//;

/** Docker's bridges and their ports, and every veth that is not the cluster's. */
function isDockers(name: string, line: string): boolean {
  if (DOCKER_LINK.test(name) || DOCKER_LINK.test(line)) return true;
  return name.startsWith('veth') && !/ master frhcni0 /.test(line) && !/ link-netns cni-/.test(line);
}

function hostState() {
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
  const chains = (table: string) => run('iptables', ['-t', table, '-S']).split('\n').filter((l) => l.startsWith('-N ')).sort();
  return {
    processes: run('ps', ['-eo', 'args=']).split('\n').filter((line) => CLUSTER_PROCESS.test(line)).sort(),
    mounts: readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((line) => line && !DOCKER_MOUNT.test(line)).sort(),
    netns: run('ip', ['netns', 'list']).split('\n').filter(Boolean).sort(),
    links: run('ip', ['-o', 'link', 'show']).split('\n').filter(Boolean)
      .map((line) => ({ name: line.split(':')[1]!.trim().split('@')[0]!, line }))
      .filter(({ name, line }) => !isDockers(name, line)).map(({ name }) => name).sort(),
    chains: { filter: chains('filter'), nat: chains('nat'), mangle: chains('mangle') },
    routeLocalnet: readFileSync('/proc/sys/net/ipv4/conf/all/route_localnet', 'utf8').trim(),
    // Where the cluster's hostPath provisioner puts volumes.
    hostPathVolumes: existsSync('/tmp/hostpath_pv'),
  };
}

describe('the local cluster lifecycle', () => {
  it('comes up with a Ready node, replaces one whose components are gone, and goes down leaving the host as it found it', async () => {
    const provider = new LocalClusterProvider();
    await provider.down(); // a cluster left running by an earlier test or user
    const before = hostState();
    expect(before.processes).toEqual([]);

    const cluster = await provider.up();
    const during = hostState();
    expect(await describeNodes(cluster)).toMatch(/^node frh-local Ready v1\.\d+\.\d+/);
    expect(during.processes.length).toBeGreaterThanOrEqual(7);
    expect(during.links).toContain('frhcni0');
    expect(during.chains.nat.some((chain) => chain.startsWith('-N KUBE-'))).toBe(true);
    await expectPodTrafficStaysOnTheHost(cluster);

    // Two components die; one's pid file is left naming a stranger, written the way a pid file
    // from before a reboot reads (no start time or boot id of this boot).
    const pids = join(dirname(cluster.kubeconfig), 'pids');
    const pidOf = (component: string) => Number(readFileSync(join(pids, component), 'utf8').split(' ')[0]);
    const stranger = spawn('sleep', ['3600'], { stdio: 'ignore' });
    try {
      for (const component of ['kube-controller-manager', 'kube-scheduler']) process.kill(pidOf(component), 'SIGKILL');
      writeFileSync(join(pids, 'kube-scheduler'), `${stranger.pid}\n`);
      const again = await provider.up();
      expect(await describeNodes(again)).toMatch(/^node frh-local Ready v1\.\d+\.\d+/);
      expect(pidOf('kube-scheduler')).not.toBe(stranger.pid);
      expect(stranger.exitCode).toBeNull();
      expect(() => process.kill(stranger.pid!, 0)).not.toThrow();
    } finally {
      stranger.kill();
    }

    // A container the kubelet asked for just before `down` stopped it starts after the runtime's
    // containers were listed: only its cgroup says whose it is (once it outlived `down`).
    const latecomer = spawnInAPodCgroup(dirname(cluster.kubeconfig));
    try {
      await provider.down();
      expect(hostState()).toEqual(before);
      expect(await signalThatEnded(latecomer)).toBe('SIGKILL');
    } finally {
      latecomer.kill('SIGKILL');
    }
  }, 45 * 60_000);
});

function spawnInAPodCgroup(clusterState: string): ChildProcess {
  const uid = readdirSync(join(clusterState, 'kubelet', 'pods'))[0]!;
  const podCgroup = execFileSync('find', ['/sys/fs/cgroup', '-maxdepth', '5', '-type', 'd', '-name', `pod${uid}`], { encoding: 'utf8' }).split('\n')[0]!;
  expect(podCgroup).not.toBe('');
  // A leaf (one container's cgroup): cgroup v2 takes no process into a cgroup with children.
  const cgroups = execFileSync('find', [podCgroup, '-type', 'd'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const leaf = cgroups.find((dir) => !cgroups.some((other) => other.startsWith(`${dir}/`)))!;
  const child = spawn('sleep', ['3600'], { stdio: 'ignore' });
  writeFileSync(join(leaf, 'cgroup.procs'), `${child.pid}\n`);
  return child;
}

/** The signal that ended the process, or 'running' if it is still there a few seconds later. */
async function signalThatEnded(child: ChildProcess): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return child.signalCode ?? `exit ${child.exitCode}`;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('running'), 5_000);
    child.once('exit', (code, signal) => { clearTimeout(timer); resolve(signal ?? `exit ${code}`); });
  });
}

/**
 * A pod's connection to a Service without endpoints (MinIO scaled to zero) or to any address
 * beyond the host is refused at once. Once it left by the default route instead, and a proxy
 * there answered 404 to every S3 request on a connection Flink kept after MinIO was back.
 */
async function expectPodTrafficStaysOnTheHost(cluster: Cluster): Promise<void> {
  const kube = Kube.forCluster(cluster);
  const namespace = 'frh-lifecycle-egress';
  await kube.createOwnedNamespace(namespace, 'lifecycle-test');
  try {
    await kube.apply([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nobody', namespace }, spec: { selector: { app: 'nobody' }, ports: [{ port: 9000 }] } },
      // The cluster's own sandbox image: busybox, which has nc.
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace, labels: { app: 'client' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'client', image: 'frh.local/pause:1', imagePullPolicy: 'Never' }] } },
    ] as never);
    await kube.readyPod(namespace, 'app=client', 120_000);
    const serviceIp = (await kube.core.readNamespacedService({ namespace, name: 'nobody' })).spec!.clusterIP!;
    // 198.51.100.1 is a documentation address: nothing of the cluster's.
    for (const [host, port] of [[serviceIp, '9000'], ['198.51.100.1', '80']] as const) {
      const result = await kube.exec(namespace, 'client', 'client', ['/busybox', 'nc', '-w', '10', host, port]);
      expect(`${host}:${port}: ${result.stdout}${result.stderr}`.trim()).toMatch(/refused/);
    }
  } finally {
    await kube.deleteOwnedNamespace(namespace);
  }
}
