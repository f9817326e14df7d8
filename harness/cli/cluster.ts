// `frh cluster up|down|load-image|nodes`: the Kubernetes cluster the Kubernetes platform runs on.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { clusterProvider } from '../clusters/index.ts';
import type { Cluster } from '../clusters/cluster.ts';
import { clusterSettings } from '../scenario/environment.ts';
import { BadInputError } from '../support/errors.ts';
import type { ParsedArgs } from './options.ts';

export const CLUSTER_FLAGS = { provider: 'value', name: 'value', kubeconfig: 'value', context: 'value' } as const;

const ACTIONS = ['up', 'down', 'nodes', 'load-image'] as const;
export type ClusterAction = (typeof ACTIONS)[number];

/** The action asked for, or a one-line complaint. */
export function clusterAction(args: ParsedArgs): ClusterAction {
  const [action, ...rest] = args.positional;
  if (!(ACTIONS as readonly (string | undefined)[]).includes(action)) {
    throw new BadInputError(`cluster needs an action: up, down, nodes or load-image (got ${action ? `"${action}"` : 'none'})`);
  }
  if (action === 'load-image' && rest.length === 0) throw new BadInputError('load-image needs at least one image name');
  return action as ClusterAction;
}

/** `env` carries the flags as FRH_CLUSTER_* variables (see validate.ts). */
export async function runCluster(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<number> {
  const action = clusterAction(args);
  const provider = clusterProvider(clusterSettings(env));
  switch (action) {
    case 'up': {
      const cluster = await provider.up();
      process.stdout.write(`cluster (${cluster.provider}) is up; kubeconfig: ${cluster.kubeconfig}${cluster.context ? ` (context ${cluster.context})` : ''}\n`);
      process.stdout.write(await describeNodes(cluster));
      return 0;
    }
    case 'nodes':
      process.stdout.write(await describeNodes(await provider.up()));
      return 0;
    case 'load-image':
      await provider.loadImages(args.positional.slice(1));
      return 0;
    case 'down':
      await provider.down();
      process.stdout.write(`cluster (${provider.name}) is down\n`);
      return 0;
  }
}

/** One line per node: name, Ready condition, kubelet version. */
export async function describeNodes(cluster: Cluster): Promise<string> {
  const config = new KubeConfig();
  config.loadFromFile(cluster.kubeconfig);
  if (cluster.context) config.setCurrentContext(cluster.context);
  const nodes = await config.makeApiClient(CoreV1Api).listNode();
  return nodes.items.map((node) => {
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady';
    return `node ${node.metadata?.name} ${ready} ${node.status?.nodeInfo?.kubeletVersion ?? ''}\n`;
  }).join('');
}
