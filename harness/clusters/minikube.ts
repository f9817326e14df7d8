// minikube: a thin wrapper over its CLI, one profile per harness cluster. Runs on users' machines.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, runCommand, type Cluster, type ClusterProvider, type CommandRunner } from './cluster.ts';

export interface MinikubeOptions {
  /** The minikube profile (and context) name. */
  profile: string;
  stateDir: string;
  /** e.g. v1.34.0; minikube's default when unset. */
  kubernetesVersion?: string;
  /** docker, podman, kvm2 ...; minikube's default when unset. */
  driver?: string;
  run?: CommandRunner;
}

export class MinikubeProvider implements ClusterProvider {
  readonly name = 'minikube';
  private readonly run: CommandRunner;
  private readonly options: MinikubeOptions;
  constructor(options: MinikubeOptions) {
    this.options = options;
    this.run = options.run ?? runCommand;
  }

  get kubeconfig(): string {
    return join(this.options.stateDir, `minikube-${this.options.profile}.kubeconfig`);
  }

  /** minikube writes its context into $KUBECONFIG: point that at our own file, not the user's. */
  private get env(): NodeJS.ProcessEnv {
    return { ...process.env, KUBECONFIG: this.kubeconfig };
  }

  async up(): Promise<Cluster> {
    mkdirSync(this.options.stateDir, { recursive: true });
    await mustRun(this.run, 'minikube', [
      'start', '--profile', this.options.profile, '--wait', 'all',
      ...(this.options.kubernetesVersion ? ['--kubernetes-version', this.options.kubernetesVersion] : []),
      ...(this.options.driver ? ['--driver', this.options.driver] : []),
    ], { env: this.env });
    return { provider: this.name, kubeconfig: this.kubeconfig, context: this.options.profile };
  }

  async loadImages(images: string[]): Promise<void> {
    for (const image of images) await mustRun(this.run, 'minikube', ['image', 'load', image, '--profile', this.options.profile], { env: this.env });
  }

  async down(): Promise<void> {
    await mustRun(this.run, 'minikube', ['delete', '--profile', this.options.profile], { env: this.env });
  }
}
