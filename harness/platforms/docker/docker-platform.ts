// The Docker platform (the embedded default): each deployment gets its own network and containers.
import type { Platform } from '../platform.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import { checkUserJob, checkUserImageVersion } from '../user-job.ts';
import { BadInputError } from '../../support/errors.ts';
import { DockerDeployment } from './docker-deployment.ts';
import { docker, flinkVersionInImage, hasImage, sweep } from './docker-api.ts';
import { ownedLabels } from './labels.ts';
import { progress } from '../../support/progress.ts';
import { dockerNetworkMode, type DockerNetworkMode } from './network-access.ts';

export class DockerPlatform implements Platform {
  readonly name = 'docker';
  private readonly runId: string;
  private readonly network: DockerNetworkMode | undefined;

  /** `network`: how the harness reaches containers; default FRH_DOCKER_NETWORK (`internal`), read at deploy. */
  constructor(options: { runId: string; network?: DockerNetworkMode }) {
    this.runId = options.runId;
    this.network = options.network;
  }

  /** Fails with a one-line error when no Docker engine answers. */
  async checkReachable(): Promise<void> {
    if (!this.network) dockerNetworkMode(); // a malformed FRH_DOCKER_NETWORK is a BadInputError before anything starts
    try {
      await docker().ping();
    } catch (error) {
      throw new Error(`Docker engine not reachable (${(error as Error).message}); start dockerd or set DOCKER_HOST`);
    }
  }

  async deploy(spec: DeploymentSpec): Promise<DockerDeployment> {
    checkUserJob(spec, this.name);
    await this.checkUserImage(spec);
    return DockerDeployment.start({ runId: this.runId, spec, network: this.network ?? dockerNetworkMode() });
  }

  /** A user's own Flink image must be in the local engine (nothing is pulled) and hold the deployment's Flink version. */
  private async checkUserImage(spec: DeploymentSpec): Promise<void> {
    const image = spec.userJob?.image;
    if (!image) return;
    if (!(await hasImage(image))) throw new BadInputError(`Flink image ${image} is not in the local Docker engine (docker image inspect found nothing; nothing is pulled): build it or docker load it first`);
    const found = await flinkVersionInImage(image, ownedLabels(this.runId, spec.name));
    checkUserImageVersion(image, spec.flinkVersion, found);
    progress(`${spec.name}: Flink image ${image}: ${found ? `Flink ${found} (from its lib/ jars)` : `no flink-dist or flink-runtime jar in /opt/flink/lib, Flink ${spec.flinkVersion} taken on trust`}`);
  }

  /** Removes leftovers of crashed runs (owner process gone); never touches unlabelled resources; kept deployments only with `removeKept`. */
  sweep(options: { removeKept?: boolean } = {}): Promise<number> {
    return sweep(undefined, options);
  }

  /** Removes everything of this run; kept deployments only with `removeKept`. */
  sweepRun(options: { removeKept?: boolean } = {}): Promise<number> {
    return sweep(this.runId, options);
  }
}
