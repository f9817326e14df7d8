// Picks a cluster provider by name, with one-line errors for what the user can fix.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../support/errors.ts';
import type { ClusterProvider } from './cluster.ts';
import { ExistingClusterProvider } from './existing.ts';
import { KindProvider } from './kind.ts';
import { LocalClusterProvider } from './local.ts';
import { MinikubeProvider } from './minikube.ts';

export const PROVIDERS = ['local', 'kind', 'minikube', 'existing'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ProviderSettings {
  provider?: string;
  /** kind cluster / minikube profile name. */
  name?: string;
  kubeconfig?: string;
  context?: string;
  stateDir?: string;
}

/** Which cluster a platform on Kubernetes uses: FRH_CLUSTER_PROVIDER (default local), FRH_CLUSTER_NAME, FRH_KUBECONFIG, FRH_KUBE_CONTEXT. */
export function clusterSettings(env = process.env): ProviderSettings {
  return {
    provider: env.FRH_CLUSTER_PROVIDER ?? 'local',
    ...(env.FRH_CLUSTER_NAME ? { name: env.FRH_CLUSTER_NAME } : {}),
    ...(env.FRH_KUBECONFIG ? { kubeconfig: env.FRH_KUBECONFIG } : {}),
    ...(env.FRH_KUBE_CONTEXT ? { context: env.FRH_KUBE_CONTEXT } : {}),
  };
}

export function clusterProvider(settings: ProviderSettings = {}): ClusterProvider {
  const provider = settings.provider ?? 'local';
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw new BadInputError(`cluster provider "${provider}" is not one of ${PROVIDERS.join(', ')}`);
  const name = settings.name ?? 'frh';
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(name)) throw new BadInputError(`cluster name "${name}": use 1-41 characters of a-z, 0-9 and -`);
  const stateDir = settings.stateDir ?? join(process.env.FRH_STATE ?? join(homedir(), '.local', 'state', 'frh'), 'clusters');
  switch (provider as ProviderName) {
    case 'local': return new LocalClusterProvider();
    case 'kind': return new KindProvider({ name, stateDir });
    case 'minikube': return new MinikubeProvider({ profile: name, stateDir });
    case 'existing': return new ExistingClusterProvider({ kubeconfig: settings.kubeconfig, context: settings.context });
  }
}
