// What the platforms that run on a Kubernetes cluster share: the run's cluster (any provider: the
// local one built here, kind, minikube, an existing kubeconfig), up and holding the run's images, and
// the sweeping of the labelled namespaces their deployments live in.
import type { ProviderSettings } from '../../clusters/index.ts';
import type { Cluster, ClusterProvider } from '../../clusters/cluster.ts';
import type { Kube } from '../../k8s/kube.ts';
import { shellWord } from '../kept.ts';
import type { PlatformCleanup } from '../descriptor.ts';

/**
 * The run's cluster, up and holding `images` (tags). Asked for by every scenario file (cheap when
 * nothing changed: `up` attaches, image loading skips what the nodes have), because another test of
 * the same run may have taken the local cluster down and up again.
 */
export async function clusterOfRun(env: NodeJS.ProcessEnv, images: string[]): Promise<{ cluster: Cluster; provider: ClusterProvider }> {
  const { clusterProvider, clusterSettings } = await clusters();
  const settings = clusterSettings(env);
  const provider = clusterProvider(settings);
  const cluster = await provider.up();
  clustersUp.set(JSON.stringify(settings), cluster);
  await provider.loadImages(images);
  return { cluster, provider };
}

/**
 * What a run says while it readies its cluster. An existing cluster is someone else's: the harness
 * only attaches to it (its nodes pull the images), and the line must not claim more.
 */
export function preparingClusterLine(provider: string): string {
  return provider === 'existing'
    ? 'attaching to the existing cluster (nothing is started or loaded there: its nodes pull the run\'s images)'
    : `bringing up the Kubernetes cluster (${provider}) and loading the run's images`;
}

/** The cluster providers, loaded when a cluster is used: the registry, which lists these platforms, stays light. */
const clusters = () => import('../../clusters/index.ts');

/** The clusters this process brought up, by their settings: a sweep at the end of a run reaches the same one without bringing it up again. */
const clustersUp = new Map<string, Cluster>();

async function clusterToSweep(env: NodeJS.ProcessEnv): Promise<Cluster> {
  const { clusterProvider, clusterSettings } = await clusters();
  const settings = clusterSettings(env);
  return clustersUp.get(JSON.stringify(settings)) ?? clusterProvider(settings).up();
}

/**
 * Deletes namespaces of the harness: of crashed runs on this host (no runId), or of one run. Those
 * kept here (`--keep`) only with `removeKept` (a person's `frh sweep`).
 */
export async function sweepNamespaces(kube: Kube, { runId, removeKept = false }: { runId?: string; removeKept?: boolean }): Promise<number> {
  const namespaces = runId === undefined
    ? [...await kube.abandonedNamespaces(), ...(removeKept ? await kube.namespacesKeptHere() : [])]
    : await kube.ownedNamespaces(runId, removeKept ? 'include' : 'exclude');
  await Promise.all(namespaces.map((ns) => kube.deleteOwnedNamespace(ns)));
  return namespaces.length;
}

/** Cleanup of a platform whose deployments are namespaces of the run's cluster. */
export function namespaceCleanup(platform: string): PlatformCleanup {
  return {
    leaves: 'namespace(s)',
    sweptByEveryRun: false,
    sweepNeedsDockerEngine: false,
    async sweep({ runId, removeKept, env }) {
      const cluster = await clusterToSweep(env);
      const { Kube } = await import('../../k8s/kube.ts');
      return sweepNamespaces(Kube.forCluster(cluster), { ...(runId !== undefined ? { runId } : {}), ...(removeKept !== undefined ? { removeKept } : {}) });
    },
    sweepFlags: (cluster: ProviderSettings) => [
      '--platform', platform,
      ...(cluster.provider && cluster.provider !== 'local' ? ['--provider', cluster.provider] : []),
      ...(cluster.name ? ['--name', shellWord(cluster.name)] : []),
      ...(cluster.kubeconfig ? ['--kubeconfig', shellWord(cluster.kubeconfig)] : []),
      ...(cluster.context ? ['--context', shellWord(cluster.context)] : []),
    ],
  };
}
