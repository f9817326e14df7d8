// The Flink Kubernetes Operator as a platform: each deployment gets its own labelled namespace on a
// cluster any provider brought up, with its own operator watching only that namespace (so runs never
// share an operator, and the operator needs a namespaced Role only). FRH_IMAGE_OPERATOR runs a
// user's own operator image instead of the one built here.
import type { Platform } from '../platform.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import { checkUserJob } from '../user-job.ts';
import { Kube } from '../../k8s/kube.ts';
import type { Cluster } from '../../clusters/cluster.ts';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { imageFor, MissingImageError, probeFlinkImageName } from '../images.ts';
import { compareVersions, operatorCrdDirectory } from './crds.ts';
import { OperatorDeployment } from './operator-deployment.ts';
import { operatorVersion } from './flink-deployment.ts';
import { FLINK_DEPLOYMENT_VARIABLE, newestFlinkVersionOfRun, readUserFlinkDeployment, withImageResolved, specFromUserFlinkDeployment, type UserFlinkDeployment } from './user-flink-deployment.ts';
import { sweepNamespaces } from '../on-cluster/cluster.ts';
import { operatorImagesNeeded } from './images-needed.ts';
import { kubectlCommand } from '../kept.ts';

export { DEFAULT_OPERATOR_VERSION, operatorVersion } from './flink-deployment.ts';

/** Older operators built only on request (images/operator/extra-versions), for upgrade scenarios. */
export function extraOperatorVersions(): string[] {
  const file = resolve(import.meta.dirname, '../../../images/operator/extra-versions');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

/** The image operator-<v> if images/build.sh built it here, else undefined. */
export function builtOperatorImage(version: string): string | undefined {
  try {
    return imageFor(`operator-${version}`);
  } catch (error) {
    if (error instanceof MissingImageError) return undefined;
    throw error;
  }
}

/** The user's FlinkDeployment a deployment runs: the spec's, else the run's (--flink-deployment); validated. */
export function userFlinkDeployment(spec: DeploymentSpec, env = process.env): UserFlinkDeployment | undefined {
  const newestKnown = newestFlinkVersionOfRun(spec.operatorVersion, env);
  if (spec.flinkDeployment) return readUserFlinkDeployment(spec.flinkDeployment, newestKnown);
  const file = env[FLINK_DEPLOYMENT_VARIABLE];
  return file ? readUserFlinkDeployment(file, newestKnown, `--flink-deployment ${file}`) : undefined;
}

export class OperatorPlatform implements Platform {
  readonly name = 'operator';
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

  /** The images a run needs on the cluster's nodes. */
  static images(flinkVersions: string[], env = process.env): string[] {
    // Older operators that are built go too: a scenario may start a deployment on one.
    const older = env.FRH_IMAGE_OPERATOR ? [] : extraOperatorVersions().flatMap((v) => builtOperatorImage(v) ?? []);
    return [...(env.FRH_IMAGE_OPERATOR ? [env.FRH_IMAGE_OPERATOR] : []), ...operatorImagesNeeded(flinkVersions, env).map(imageFor), ...older];
  }

  async deploy(spec: DeploymentSpec): Promise<OperatorDeployment> {
    checkUserJob(spec, this.name);
    const runVersion = operatorVersion();
    // spec.operatorVersion: a deployment that starts on another (older) operator, e.g. to upgrade it.
    const version = spec.operatorVersion ?? runVersion;
    // A user's own operator image brings its own CRDs, installed on the cluster beforehand.
    const ownImage = spec.operatorVersion ? undefined : process.env.FRH_IMAGE_OPERATOR;
    // CRDs are cluster-wide: an older operator gets the run's (newer, a superset) when they are built.
    const crdVersion = compareVersions(runVersion, version) > 0 && existsSync(operatorCrdDirectory(runVersion)) ? runVersion : version;
    const given = userFlinkDeployment(spec);
    const user = given ? withImageResolved(given) : undefined;
    // A `${FRH_IMAGE_<NAME>}` of the user's file names an image built here, known only once the
    // scenario is read (after the run's images were loaded): onto the nodes with it (skipped where
    // they have it). Any other image is the cluster's to pull.
    const builtHere = user && user.resource.spec.image !== given?.resource.spec.image ? user.resource.spec.image as string : undefined;
    if (builtHere) await this.loadImages([builtHere]);
    return OperatorDeployment.start({
      kube: this.kube,
      kubectl: this.kubectl,
      runId: this.runId,
      spec: user ? specFromUserFlinkDeployment(user, spec) : spec,
      ...(user ? { userFlinkDeployment: user } : {}),
      images: {
        minio: imageFor('minio'),
        flink: (flinkVersion) => imageFor(probeFlinkImageName(flinkVersion)),
        operator: ownImage ?? imageFor(`operator-${version}`),
        ...(ownImage ? {} : { operatorVersion: version, crdVersion }),
      },
    });
  }

  /** Namespaces left by crashed runs on this host, and those of this run: as on the Kubernetes platform. */
  sweep({ removeKept = false }: { removeKept?: boolean } = {}): Promise<number> {
    return sweepNamespaces(this.kube, { removeKept });
  }

  sweepRun({ removeKept = false }: { removeKept?: boolean } = {}): Promise<number> {
    return sweepNamespaces(this.kube, { runId: this.runId, removeKept });
  }
}
