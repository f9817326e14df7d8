// Any cluster the user already has, named by a kubeconfig (and optionally a context). The harness
// creates nothing here, so `down` removes nothing; images must already be pullable by its nodes.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { BadInputError } from '../support/errors.ts';
import type { Cluster, ClusterProvider } from './cluster.ts';
import { treatKubeconfigSecretsAsSecret } from '../k8s/kube.ts';

export interface ExistingOptions {
  /** Default: $KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  context?: string;
}

export class ExistingClusterProvider implements ClusterProvider {
  readonly name = 'existing';
  private readonly options: ExistingOptions;
  constructor(options: ExistingOptions = {}) {
    this.options = options;
  }

  async up(): Promise<Cluster> {
    const kubeconfig = this.options.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
    if (!existsSync(kubeconfig)) throw new BadInputError(`kubeconfig ${kubeconfig} does not exist (pass --kubeconfig or set KUBECONFIG)`);
    const config = new KubeConfig();
    try {
      config.loadFromFile(kubeconfig);
      treatKubeconfigSecretsAsSecret(config);
    } catch (error) {
      throw new BadInputError(`kubeconfig ${kubeconfig} cannot be read: ${(error as Error).message.split('\n')[0]}`);
    }
    const context = this.options.context ?? config.getCurrentContext();
    if (!context || !config.getContextObject(context)) {
      throw new BadInputError(`kubeconfig ${kubeconfig} has no context ${context ? `"${context}"` : '(no current-context)'}; contexts: ${config.getContexts().map((c) => c.name).join(', ') || 'none'}`);
    }
    return { provider: this.name, kubeconfig, context };
  }

  /** Nothing to load: the cluster pulls from its registries (push the images there first). */
  async loadImages(): Promise<void> {}

  /** The harness did not create this cluster, so it leaves it alone. */
  async down(): Promise<void> {}
}
