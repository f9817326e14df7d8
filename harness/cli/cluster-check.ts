// Cluster settings checked before anything starts, each complaint quoting the flag or variable the
// user set. Only `existing` is looked at closely (its kubeconfig, context and API server): the other
// providers create their clusters, so all they need beforehand is their CLI.
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { PROVIDERS, type ProviderSettings } from '../clusters/index.ts';
import { probeApiServer } from '../clusters/reachability.ts';
import { BadInputError, quoteSetting, settingError } from '../support/errors.ts';

/** The flag or variable each cluster setting came from. */
export interface ClusterSettingNames {
  provider: string;
  name: string;
  kubeconfig: string;
  context: string;
}

export interface ClusterCheckOptions {
  env: NodeJS.ProcessEnv;
  /** Whether to ask an existing cluster's API server (not for `cluster down`, which touches nothing). */
  probe: boolean;
  probeTimeoutMs: number;
}

export async function checkClusterSettings(settings: ProviderSettings, names: ClusterSettingNames, options: ClusterCheckOptions): Promise<void> {
  const provider = settings.provider ?? 'local';
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw settingError(names.provider, provider, `not one of ${PROVIDERS.join(', ')}`);
  if (settings.name !== undefined && !/^[a-z0-9][a-z0-9-]{0,40}$/.test(settings.name)) throw settingError(names.name, settings.name, 'use 1-41 characters of a-z, 0-9 and -');
  if ((provider === 'kind' || provider === 'minikube') && !onPath(provider, options.env.PATH)) {
    throw settingError(names.provider, provider, `${provider} is not installed (or not on PATH)`);
  }
  if (provider === 'existing') await checkExistingCluster(settings, names, options);
}

async function checkExistingCluster(settings: ProviderSettings, names: ClusterSettingNames, options: ClusterCheckOptions): Promise<void> {
  const fromVariable = options.env.KUBECONFIG?.split(delimiter)[0];
  const path = settings.kubeconfig ?? fromVariable ?? join(homedir(), '.kube', 'config');
  const label = settings.kubeconfig !== undefined ? quoteSetting(names.kubeconfig, path) : fromVariable ? quoteSetting('KUBECONFIG', fromVariable) : `kubeconfig ${path} (the default)`;
  if (!existsSync(path)) throw new BadInputError(`${label}: no such file${settings.kubeconfig === undefined ? '; pass --kubeconfig or set KUBECONFIG' : ''}`);
  const config = new KubeConfig();
  try {
    config.loadFromFile(path);
  } catch (error) {
    throw new BadInputError(`${label}: cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
  const contexts = config.getContexts().map((c) => c.name).join(', ') || 'none';
  if (settings.context !== undefined && !config.getContextObject(settings.context)) throw settingError(names.context, settings.context, `not in ${path} (contexts: ${contexts})`);
  const context = settings.context ?? config.getCurrentContext();
  if (!context || !config.getContextObject(context)) throw new BadInputError(`${label}: no current-context; pass --context (contexts: ${contexts})`);
  const cluster = config.getCluster(config.getContextObject(context)!.cluster);
  if (!cluster?.server) throw new BadInputError(`${label}: context "${context}" names no cluster with a server`);
  if (!options.probe) return;
  await probeApiServer(cluster, options.probeTimeoutMs).catch((error: Error) => {
    throw new BadInputError(`${label}: API server ${cluster.server} (context "${context}") is unreachable: ${error.message}`);
  });
}

function onPath(command: string, path = ''): boolean {
  return path.split(delimiter).filter(Boolean).some((folder) => {
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
