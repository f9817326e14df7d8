// kind (Kubernetes in Docker): a thin wrapper over its CLI. Needs privileged containers, so it runs
// on users' machines, not on this project's build machine; its config and commands are unit-tested.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { mustRun, runCommand, type Cluster, type ClusterProvider, type CommandRunner } from './cluster.ts';

export interface PortMapping {
  containerPort: number;
  hostPort: number;
}

export interface KindOptions {
  /** Cluster name; kind calls its context kind-<name>. */
  name: string;
  /** Folder for the generated config and kubeconfig. */
  stateDir: string;
  /** A kind node image, e.g. kindest/node:v1.34.0 (kind's default when unset). */
  nodeImage?: string;
  /** NodePorts to publish, always on 127.0.0.1 only. */
  portMappings?: PortMapping[];
  run?: CommandRunner;
}

/** The kind Cluster config: one control-plane node, ports published on loopback only. */
export function kindConfig(options: Pick<KindOptions, 'portMappings'>): string {
  const node: Record<string, unknown> = { role: 'control-plane' };
  if (options.portMappings?.length) {
    node.extraPortMappings = options.portMappings.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, listenAddress: '127.0.0.1', protocol: 'TCP' }));
  }
  return stringify({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', nodes: [node] });
}

export class KindProvider implements ClusterProvider {
  readonly name = 'kind';
  private readonly run: CommandRunner;
  private readonly options: KindOptions;
  constructor(options: KindOptions) {
    this.options = options;
    this.run = options.run ?? runCommand;
  }

  get kubeconfig(): string {
    return join(this.options.stateDir, `kind-${this.options.name}.kubeconfig`);
  }

  async up(): Promise<Cluster> {
    const existing = await mustRun(this.run, 'kind', ['get', 'clusters']);
    const configPath = join(this.options.stateDir, `kind-${this.options.name}.yaml`);
    mkdirSync(this.options.stateDir, { recursive: true });
    if (existing.split('\n').map((line) => line.trim()).includes(this.options.name)) {
      await mustRun(this.run, 'kind', ['export', 'kubeconfig', '--name', this.options.name, '--kubeconfig', this.kubeconfig]);
    } else {
      writeFileSync(configPath, kindConfig(this.options));
      await mustRun(this.run, 'kind', [
        'create', 'cluster', '--name', this.options.name, '--config', configPath, '--kubeconfig', this.kubeconfig, '--wait', '180s',
        ...(this.options.nodeImage ? ['--image', this.options.nodeImage] : []),
      ]);
    }
    return { provider: this.name, kubeconfig: this.kubeconfig, context: `kind-${this.options.name}` };
  }

  async loadImages(images: string[]): Promise<void> {
    for (const image of images) await mustRun(this.run, 'kind', ['load', 'docker-image', image, '--name', this.options.name]);
  }

  async down(): Promise<void> {
    await mustRun(this.run, 'kind', ['delete', 'cluster', '--name', this.options.name, '--kubeconfig', this.kubeconfig]);
  }
}
