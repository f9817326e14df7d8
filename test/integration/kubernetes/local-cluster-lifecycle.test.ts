// `down` leaves the host as `up` found it: processes, mounts, network namespaces, links and
// iptables chains (and the hostPath volume folder) are compared before `up` and after `down`. Runs a full up/down cycle itself.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { LocalClusterProvider } from '../../../harness/clusters/local.ts';
import { describeNodes } from '../../../harness/cli/cluster.ts';

const CLUSTER_PROCESS = /(^|\/)(etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|kube-proxy|coredns)( |$)|local-cluster\/containerd/;

// Docker's own containers may come and go meanwhile (other runs on the machine): its bridges, veths
// and mounts are not the cluster's and are left out of the comparison.
const DOCKER_LINK = /^(docker0|br-[0-9a-f]+)$|master (docker0|br-[0-9a-f]+)/;
const DOCKER_MOUNT = / \/(run|var\/lib)\/docker\//;

function hostState() {
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
  const chains = (table: string) => run('iptables', ['-t', table, '-S']).split('\n').filter((l) => l.startsWith('-N ')).sort();
  return {
    processes: run('ps', ['-eo', 'args=']).split('\n').filter((line) => CLUSTER_PROCESS.test(line)).sort(),
    mounts: readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((line) => line && !DOCKER_MOUNT.test(line)).sort(),
    netns: run('ip', ['netns', 'list']).split('\n').filter(Boolean).sort(),
    links: run('ip', ['-o', 'link', 'show']).split('\n').filter(Boolean)
      .map((line) => ({ name: line.split(':')[1]!.trim().split('@')[0]!, line }))
      .filter(({ name, line }) => !DOCKER_LINK.test(name) && !DOCKER_LINK.test(line)).map(({ name }) => name).sort(),
    chains: { filter: chains('filter'), nat: chains('nat'), mangle: chains('mangle') },
    routeLocalnet: readFileSync('/proc/sys/net/ipv4/conf/all/route_localnet', 'utf8').trim(),
    // Where the cluster's hostPath provisioner puts volumes.
    hostPathVolumes: existsSync('/tmp/hostpath_pv'),
  };
}

describe('the local cluster lifecycle', () => {
  it('comes up with a Ready node and goes down leaving the host as it found it', async () => {
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

    await provider.down();
    expect(hostState()).toEqual(before);
  }, 45 * 60_000);
});
