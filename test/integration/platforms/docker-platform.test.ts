// The Docker platform against the real engine: it starts a working Flink + MinIO deployment,
// labels everything, and leaves nothing behind (also when its owner died).
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DockerPlatform } from '../../../harness/platforms/docker/docker-platform.ts';
import { docker, sweep } from '../../../harness/platforms/docker/docker-api.ts';
import { MANAGED_LABEL, OWNER_PID_LABEL, RUN_LABEL } from '../../../harness/platforms/docker/labels.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';
import type { DockerDeployment } from '../../../harness/platforms/docker/docker-deployment.ts';
import { dockerNetworkMode } from '../../../harness/platforms/docker/network-access.ts';
import { waitFor } from '../../../harness/support/wait.ts';

const labelled = async (runId: string): Promise<number> =>
  (await docker().listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } })).length;

describe('DockerPlatform', () => {
  const runId = `${inject('runId')}-platform`;
  const platform = new DockerPlatform({ runId });
  let deployment: DockerDeployment | undefined;
  afterAll(async () => {
    await deployment?.dispose();
  });

  it('deploys MinIO, ZooKeeper and a Flink application cluster running the probe job', async () => {
    deployment = await platform.deploy(defaultSpec({ name: 'lifecycle' }));
    const job = await deployment.rest.job(deployment.jobId);
    expect(['CREATED', 'INITIALIZING', 'RUNNING']).toContain(job.state);
    expect((await deployment.rest.overview()).taskmanagers).toBe(1);
    const containers = await docker().listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
    expect(containers.map((c) => c.Labels[MANAGED_LABEL])).toEqual(containers.map(() => 'true'));
    expect(containers).toHaveLength(4); // minio, zookeeper, jobmanager, taskmanager
    const networks = await docker().listNetworks({ filters: { label: [`${RUN_LABEL}=${runId}`] } });
    expect(networks).toHaveLength(1);
    const network = networks[0]!;
    for (const container of containers) expect(Object.keys(container.NetworkSettings.Networks), container.Names[0]).toEqual([network.Name]);
    if (dockerNetworkMode() === 'internal') {
      // Nothing leaves the machine: an internal network, no published port, REST at the JobManager's IP there.
      expect(network.Internal).toBe(true);
      for (const container of containers) expect(container.Ports.filter((p) => p.PublicPort)).toEqual([]);
      const jobManager = containers.find((c) => c.Names.some((n) => n.includes('-jobmanager-')))!;
      expect(new URL(deployment.rest.baseUrl).hostname).toBe(jobManager.NetworkSettings.Networks[network.Name]?.IPAddress);
    } else {
      expect(network.Internal).toBe(false);
      expect(new URL(deployment.rest.baseUrl).hostname).toBe('127.0.0.1');
      for (const container of containers) {
        for (const port of container.Ports.filter((p) => p.PublicPort)) expect(port.IP).toBe('127.0.0.1');
      }
    }
  });

  it('finds the JobManager again after a kill and restart (its IP on the network may change)', async () => {
    await deployment!.killJobManager();
    const jobManager = (await docker().listContainers({ filters: { label: [`${RUN_LABEL}=${runId}`], name: ['-jobmanager-'] } }))[0];
    expect(jobManager, 'the restarted JobManager runs').toBeDefined();
    if (dockerNetworkMode() === 'internal') {
      const ips = Object.values(jobManager!.NetworkSettings.Networks).map((n) => n.IPAddress);
      expect(ips).toContain(new URL(deployment!.rest.baseUrl).hostname);
    }
    const overview = await waitFor('the restarted JobManager\'s REST API', () => deployment!.rest.overview().catch(() => undefined), { timeoutMs: 120_000 });
    expect(overview.taskmanagers).toBeGreaterThanOrEqual(0);
  });

  it('removes every container and its network on dispose', async () => {
    expect(await deployment!.dispose()).toEqual([]);
    deployment = undefined;
    expect(await labelled(runId)).toBe(0);
    expect(await docker().listNetworks({ filters: { label: [`${RUN_LABEL}=${runId}`] } })).toHaveLength(0);
  });

  it('sweeps leftovers whose owner process is gone, and nothing unlabelled', async () => {
    const image = (await docker().listImages({ filters: { label: [`${MANAGED_LABEL}=true`] } }))[0]?.RepoTags?.[0];
    expect(image, 'a locally built frh image').toBeDefined();
    const orphan = await docker().createContainer({ Image: image, Cmd: ['true'], Labels: { [MANAGED_LABEL]: 'true', [RUN_LABEL]: runId, [OWNER_PID_LABEL]: '999999999', 'dev.frh.owner-host': (await import('node:os')).hostname() } });
    const stranger = await docker().createContainer({ Image: image, Cmd: ['true'], Labels: { 'not.ours': 'true' } });
    try {
      expect(await sweep()).toBeGreaterThanOrEqual(1);
      await expect(orphan.inspect()).rejects.toThrow();
      await expect(stranger.inspect()).resolves.toBeDefined();
    } finally {
      await stranger.remove({ force: true });
      await orphan.remove({ force: true }).catch(() => undefined);
    }
  });
});
