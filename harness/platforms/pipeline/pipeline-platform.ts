// The pipeline platform: every deployment is the team's pipeline run in a namespace of its own on a
// Kubernetes cluster any provider brought up (the local one, kind, minikube, an existing kubeconfig).
import type { Platform } from '../platform.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import type { Cluster } from '../../clusters/cluster.ts';
import { Kube } from '../../k8s/kube.ts';
import { imageFor, probeFlinkImageName } from '../images.ts';
import { kubectlCommand } from '../kept.ts';
import { namespaceName } from '../on-cluster/namespace-parts.ts';
import { sweepNamespaces } from '../on-cluster/cluster.ts';
import { BadInputError } from '../../support/errors.ts';
import { PipelineDeployment } from './pipeline-deployment.ts';
import type { PipelineFile } from './pipeline-file.ts';

export class PipelinePlatform implements Platform {
  readonly name = 'pipeline';
  private readonly runId: string;
  private readonly cluster: Pick<Cluster, 'kubeconfig' | 'context'>;
  private readonly pipeline: PipelineFile;
  private readonly kube: Kube;
  private readonly loadImages: (images: string[]) => Promise<void>;

  constructor(options: { runId: string; cluster: Pick<Cluster, 'kubeconfig' | 'context'>; pipeline: PipelineFile; loadImages?: (images: string[]) => Promise<void> }) {
    this.runId = options.runId;
    this.cluster = options.cluster;
    this.pipeline = options.pipeline;
    this.loadImages = options.loadImages ?? (async () => {});
    this.kube = Kube.forCluster(options.cluster);
  }

  async deploy(spec: DeploymentSpec): Promise<PipelineDeployment> {
    if (spec.userJob || spec.flinkDeployment) throw new BadInputError(`the pipeline platform hands its commands the probe job only so far; ${spec.name} runs a user's job`);
    return PipelineDeployment.start({
      kube: this.kube,
      cluster: this.cluster,
      kubectl: kubectlCommand(this.cluster),
      runId: this.runId,
      spec,
      pipeline: this.pipeline,
      namespace: namespaceName(this.runId, spec.name),
      images: { flink: (version) => imageFor(probeFlinkImageName(version)), storage: imageFor('minio'), load: this.loadImages },
    });
  }

  sweep(): Promise<number> {
    // The pipeline's namespaces carry the same labels as every on-cluster platform's: one sweep finds them.
    return sweepNamespaces(this.kube, {});
  }
}
