// The Docker platform as the house sees it (descriptor.ts): containers on this machine's Docker engine.
import type { PlatformDescriptor } from '../descriptor.ts';
import { DEFAULT_FLINK_VERSION } from '../deployment-spec.ts';
import { probeImagesFor } from '../images-needed.ts';

/** What one Docker scenario holds at once: a JobManager, two TaskManagers, MinIO and ZooKeeper (about 4 GiB). */
const SCENARIO_MEMORY_BYTES = 4 * 1024 ** 3;

export const dockerPlatform: PlatformDescriptor = {
  name: 'docker',
  title: 'Docker',
  summary: "containers on this machine's Docker engine, ZooKeeper HA; the harness resumes ended jobs",
  runsOn: 'docker-engine',
  defaultFlinkVersion: DEFAULT_FLINK_VERSION,
  runsUnnamedScenarios: true,
  userJob: { runs: true },
  soak: { runs: true },
  options: [],
  // Two when the machine has two cores and room for two scenarios' memory besides its own (measured
  // on 2 cores: the core suite 545 s one at a time, 275-423 s two at a time, the same verdicts).
  defaultParallelism: ({ cores, memoryBytes }) => (cores >= 2 && memoryBytes >= 3 * SCENARIO_MEMORY_BYTES ? 2 : 1),
  // ZooKeeper is the Docker platform's HA store.
  imagesNeeded: (flinkVersions) => ['zookeeper', 'minio', ...probeImagesFor(flinkVersions)],
  deploymentClass: async () => (await import('./docker-deployment.ts')).DockerDeployment,
  async create({ runId }) {
    const { DockerPlatform } = await import('./docker-platform.ts');
    return new DockerPlatform({ runId });
  },
  cleanup: {
    leaves: 'container(s)/network(s)',
    // Integration tests of every run start containers here, whatever the run's platform.
    sweptByEveryRun: true,
    sweepNeedsDockerEngine: true,
    async sweep({ runId, removeKept }) {
      const { sweep } = await import('./docker-api.ts');
      return sweep(runId, { removeKept: removeKept ?? false });
    },
    sweepFlags: () => [],
    engineReaper: async () => (await import('./reap.ts')).reapOwner,
  },
};
