// The single-node Kubernetes built from source on this machine (scripts/local-cluster.sh): host
// processes with their own data directory, certificates, containerd and kubeconfig.
import { resolve } from 'node:path';
import { mustRun, runCommand, type Cluster, type ClusterProvider, type CommandRunner } from './cluster.ts';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/local-cluster.sh');

export class LocalClusterProvider implements ClusterProvider {
  readonly name = 'local';
  private readonly run: CommandRunner;
  constructor(options: { run?: CommandRunner } = {}) {
    this.run = options.run ?? runCommand;
  }

  async up(): Promise<Cluster> {
    await mustRun(this.run, SCRIPT, ['up']);
    return { provider: this.name, kubeconfig: (await mustRun(this.run, SCRIPT, ['kubeconfig'])).trim() };
  }

  async loadImages(images: string[]): Promise<void> {
    if (images.length > 0) await mustRun(this.run, SCRIPT, ['load-image', ...images]);
  }

  async down(): Promise<void> {
    await mustRun(this.run, SCRIPT, ['down']);
  }
}
