// The Kubernetes platform as the house sees it (descriptor.ts): plain Deployments in a labelled
// namespace per deployment, on the run's cluster.
import type { PlatformDescriptor } from '../descriptor.ts';
import { DEFAULT_FLINK_VERSION } from '../deployment-spec.ts';
import { clusterOfRun, namespaceCleanup } from '../on-cluster/cluster.ts';
import { clusterImagesNeeded } from '../on-cluster/images-needed.ts';

async function runCluster(env: NodeJS.ProcessEnv, flinkVersions: string[]) {
  const { KubernetesPlatform } = await import('./kubernetes-platform.ts');
  return { KubernetesPlatform, ...await clusterOfRun(env, KubernetesPlatform.images(flinkVersions)) };
}

export const kubernetesPlatform: PlatformDescriptor = {
  name: 'kubernetes',
  title: 'Kubernetes',
  summary: 'a namespace per deployment on a Kubernetes cluster, ConfigMap HA; the harness resumes ended jobs',
  runsOn: 'kubernetes-cluster',
  defaultFlinkVersion: DEFAULT_FLINK_VERSION,
  runsUnnamedScenarios: true,
  ownScenarioFolder: 'scenarios/kubernetes',
  vitestProject: {
    name: 'kubernetes',
    flinkVersionsVariable: 'FRH_KUBERNETES_FLINK_VERSIONS',
    ci: {
      variable: 'FRH_KUBERNETES_SCENARIOS',
      include: ['scenarios/kubernetes/*.scenario.ts'],
      why: 'the Kubernetes-only scenarios (a JobManager pod deleted, a storage outage, HA ConfigMaps deleted); the core ones run on Docker in ./run test, and here nightly, with the proofs',
    },
    // The proofs that a broken resume policy or command is caught run here too (nightly), and so do
    // the Flink upgrades (HA here is Kubernetes' ConfigMaps, not ZooKeeper).
    alsoRuns: ['proofs', 'flink-upgrades'],
  },
  // A ConfigMap holds at most 1 MiB; some room is left for its metadata.
  userJob: { runs: true, jarLimit: { bytes: 900 * 1024, why: 'travels in a ConfigMap' } },
  soak: { runs: true },
  options: [],
  // The nodes' room is not the harness's to see (and a local node's API server and kubelet share its cores).
  defaultParallelism: () => 1,
  imagesNeeded: (flinkVersions) => clusterImagesNeeded(flinkVersions),
  deploymentClass: async () => (await import('./kubernetes-deployment.ts')).KubernetesDeployment,
  async prepareRun({ env, flinkVersions }) {
    await runCluster(env, flinkVersions);
  },
  async create({ runId, env, flinkVersions }) {
    const { KubernetesPlatform, cluster, provider } = await runCluster(env, flinkVersions);
    return new KubernetesPlatform({ runId, cluster, loadImages: (images) => provider.loadImages(images) });
  },
  cleanup: namespaceCleanup('kubernetes'),
};
