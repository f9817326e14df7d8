// `frh cluster up|down|load-image|nodes`: the Kubernetes cluster the Kubernetes platform runs on.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { clusterProvider, type ProviderSettings } from '../clusters/index.ts';
import type { Cluster } from '../clusters/cluster.ts';
import { BadInputError } from '../support/errors.ts';
import type { ParsedArgs } from './options.ts';

export const CLUSTER_FLAGS = { provider: 'value', name: 'value', kubeconfig: 'value', context: 'value' } as const;

export async function runCluster(args: ParsedArgs): Promise<number> {
  const [action, ...rest] = args.positional;
  const provider = clusterProvider({ provider: process.env.FRH_CLUSTER_PROVIDER, ...clusterFlags(args) });
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
      if (rest.length === 0) throw new BadInputError('load-image needs at least one image name');
      await provider.loadImages(rest);
      return 0;
    case 'down':
      await provider.down();
      process.stdout.write(`cluster (${provider.name}) is down\n`);
      return 0;
    default:
      throw new BadInputError(`cluster needs an action: up, down, nodes or load-image (got ${action ? `"${action}"` : 'none'})`);
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

/** --provider, --name, --kubeconfig, --context as provider settings (only those given). */
export function clusterFlags(args: ParsedArgs): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const key of ['provider', 'name', 'kubeconfig', 'context'] as const) {
    const value = flag(args, key);
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}
