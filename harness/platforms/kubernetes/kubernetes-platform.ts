// The Kubernetes platform: each deployment gets its own labelled namespace on a cluster that any
// provider brought up (the local one built here, kind, minikube, or an existing kubeconfig).
import type { Platform } from '../platform.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import { Kube } from '../../k8s/kube.ts';
import type { Cluster } from '../../clusters/cluster.ts';
import { imageFor, probeFlinkImageName } from '../images.ts';
import { KubernetesDeployment } from './kubernetes-deployment.ts';
import { kubectlCommand } from '../kept.ts';
import { checkUserJob } from '../user-job.ts';
import { sweepNamespaces } from '../on-cluster/cluster.ts';
import { clusterImagesNeeded } from '../on-cluster/images-needed.ts';

export class KubernetesPlatform implements Platform {
  readonly name = 'kubernetes';
  readonly kube: Kube;
  private readonly runId: string;
  /** `kubectl` aimed at this cluster, for the commands a kept deployment's user runs. */
  private readonly kubectl: string;

  /** Brings an image onto the cluster's nodes (the local cluster imports it; an existing cluster pulls it itself). */
  private readonly loadImages: (images: string[]) => Promise<void>;

  constructor(options: { runId: string; cluster: Pick<Cluster, 'kubeconfig' | 'context'>; loadImages?: (images: string[]) => Promise<void> }) {
    this.runId = options.runId;
    this.loadImages = options.loadImages ?? (async () => {});
    this.kube = Kube.forCluster(options.cluster);
    this.kubectl = kubectlCommand(options.cluster);
  }

  /** The images a run of these Flink versions needs on the cluster's nodes (the upgrade scenario's two too). */
  static images(flinkVersions: string[]): string[] {
    return clusterImagesNeeded(flinkVersions).map(imageFor);
  }

  async deploy(spec: DeploymentSpec): Promise<KubernetesDeployment> {
    checkUserJob(spec, this.name);
    // A user's own image is known only once the scenario is read, after the run's images were loaded.
    if (spec.userJob?.image) await this.loadImages([spec.userJob.image]);
    return KubernetesDeployment.start({
      kube: this.kube,
      kubectl: this.kubectl,
      runId: this.runId,
      spec,
      images: { minio: imageFor('minio'), flink: (version) => imageFor(probeFlinkImageName(version)), load: this.loadImages },
    });
  }

  /**
   * Deletes namespaces left by crashed runs on this host; only namespaces carrying the harness's
   * label. Those kept here (`--keep`) only with `removeKept` (a person's `frh sweep`).
   */
  sweep({ removeKept = false }: { removeKept?: boolean } = {}): Promise<number> {
    return sweepNamespaces(this.kube, { removeKept });
  }

  /** Deletes every namespace of this run; kept ones (`--keep`) only with `removeKept`. */
  sweepRun({ removeKept = false }: { removeKept?: boolean } = {}): Promise<number> {
    return sweepNamespaces(this.kube, { runId: this.runId, removeKept });
  }
}
