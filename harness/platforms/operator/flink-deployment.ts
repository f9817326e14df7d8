// The FlinkDeployment custom resource the harness hands the Flink Kubernetes Operator: the probe job
// as a standalone application cluster, with the same checkpointing, retention, HA and storage
// settings every platform gets. The operator owns the cluster's identity (cluster-id, namespace,
// addresses); the harness only says what a user would put in the resource.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { DeploymentSpec } from '../deployment-spec.ts';
import type { StoragePaths, UpgradeMode } from '../platform.ts';
import { PROBE_MAIN_CLASS, flinkConfiguration, majorOf, probeJobArguments } from '../flink-config.ts';

export const FLINK_DEPLOYMENT_API = { group: 'flink.apache.org', version: 'v1beta1', plural: 'flinkdeployments', kind: 'FlinkDeployment' } as const;
export const PROBE_JAR_URI = 'local:///opt/flink/usrlib/probe-job.jar';

/** The operator version the harness builds and runs (the newest Maven Central serves here). */
export const DEFAULT_OPERATOR_VERSION = '1.7.0';

/** FRH_OPERATOR_VERSION: which built operator image (operator-<v>) and CRDs a run uses. */
export function operatorVersion(env = process.env): string {
  return env.FRH_OPERATOR_VERSION ?? DEFAULT_OPERATOR_VERSION;
}

/** The oldest `flinkVersion` the operator releases run here list (1.3.0 to 1.7.0 all start at v1_13). */
export const OLDEST_FLINK_VERSION_KNOWN = 'v1_13';
/** The newest `flinkVersion` each operator release's FlinkVersion enum lists. */
const NEWEST_FLINK_VERSION_KNOWN: Record<string, string> = { '1.3.0': 'v1_16', '1.5.0': 'v1_17', '1.7.0': 'v1_19' };

/** The newest `flinkVersion` an operator release knows; undefined for a release (or own image) not listed. */
export function newestFlinkVersionKnown(operatorVersion: string | undefined): string | undefined {
  return operatorVersion ? NEWEST_FLINK_VERSION_KNOWN[operatorVersion] : undefined;
}

/** Keys the operator sets itself for each cluster it deploys; a value from us would fight it. */
const OPERATOR_OWNED_KEYS = [
  'jobmanager.rpc.address', 'rest.address', 'high-availability.cluster-id', 'kubernetes.cluster-id', 'kubernetes.namespace',
  'parallelism.default', 'jobmanager.memory.process.size', 'taskmanager.memory.process.size',
  'execution.savepoint.path', 'execution.state-recovery.path',
];

export interface FlinkDeploymentInput {
  name: string;
  namespace: string;
  spec: DeploymentSpec;
  paths: StoragePaths;
  upgradeMode: UpgradeMode;
  image: string;
  s3: { endpoint: string; accessKey: string; secretKey: string };
  /** spec.job.state */
  state: 'running' | 'suspended';
  savepointTriggerNonce?: number;
  labels: Record<string, string>;
}

/**
 * The CRD's `flinkVersion` for a Flink release: the operator refuses versions its FlinkVersion enum
 * does not list (1.7.0 lists v1_13 to v1_19; 1.5.0 up to v1_17), and a newer Flink speaks the same
 * REST and HA formats for what the operator uses, so the newest listed one is named for it.
 * FRH_OPERATOR_FLINK_VERSION overrides (e.g. v1_20 for an operator that knows it).
 */
export function operatorFlinkVersion(flinkVersion: string, newestKnown = 'v1_19', env = process.env): string {
  if (env.FRH_OPERATOR_FLINK_VERSION) return env.FRH_OPERATOR_FLINK_VERSION;
  const [major, minor] = flinkVersion.split('.').map((part) => Number.parseInt(part, 10));
  const named = `v${major}_${minor}`;
  const [knownMajor, knownMinor] = newestKnown.slice(1).split('_').map(Number);
  return major! > knownMajor! || (major === knownMajor && minor! > knownMinor!) ? newestKnown : named;
}

/** The Flink configuration of the resource: every platform's settings minus what the operator owns. */
export function operatorFlinkConfiguration(input: Pick<FlinkDeploymentInput, 'spec' | 'paths' | 's3' | 'namespace' | 'name'>): Record<string, string> {
  const config = flinkConfiguration(input.spec, input.paths, {
    clusterId: input.name,
    jobManagerHost: input.name,
    s3Endpoint: input.s3.endpoint,
    s3AccessKey: input.s3.accessKey,
    s3SecretKey: input.s3.secretKey,
    kubernetesNamespace: input.namespace,
  });
  for (const key of OPERATOR_OWNED_KEYS) delete config[key];
  // The operator (built against Flink 1.17/1.18) validates the savepoint mode against these older
  // names; Flink 1.20 reads them as deprecated keys, 2.x ignores them.
  if (majorOf(input.spec.flinkVersion) < 2) {
    config['state.savepoints.dir'] = input.paths.savepoints;
    config['state.checkpoints.dir'] = input.paths.checkpoints;
  }
  // Resources below are requests; a JVM throttled to them starts in minutes on a busy node.
  config['kubernetes.jobmanager.cpu.limit-factor'] = '4';
  config['kubernetes.taskmanager.cpu.limit-factor'] = '4';
  return config;
}

/**
 * The spec asks for more TaskManagers than the operator starts for its parallelism (ceil(parallelism /
 * slots)); fewer it could not mean: the job would not fit.
 */
export function taskManagersAsked(spec: Pick<DeploymentSpec, 'taskManagers' | 'parallelism' | 'slotsPerTaskManager'>): boolean {
  return spec.taskManagers > Math.ceil(spec.parallelism / spec.slotsPerTaskManager);
}

export function flinkDeploymentObject(input: FlinkDeploymentInput, newestKnownFlinkVersion?: string): KubernetesObject & { spec: Record<string, unknown> } {
  const { spec } = input;
  return {
    apiVersion: `${FLINK_DEPLOYMENT_API.group}/${FLINK_DEPLOYMENT_API.version}`,
    kind: FLINK_DEPLOYMENT_API.kind,
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      image: input.image,
      imagePullPolicy: 'IfNotPresent',
      flinkVersion: operatorFlinkVersion(spec.flinkVersion, newestKnownFlinkVersion),
      mode: 'standalone',
      serviceAccount: 'flink',
      flinkConfiguration: operatorFlinkConfiguration(input),
      // The harness kills a JVM from an exec (harness/platforms/on-cluster/jvm-kill.ts): it must not be PID 1.
      podTemplate: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: input.labels }, spec: { shareProcessNamespace: true, terminationGracePeriodSeconds: 5, ...KEEP_IMAGE_USRLIB } },
      jobManager: { replicas: 1, resource: { memory: '1024m', cpu: 0.25 } },
      // No replicas unless the spec needs more TaskManagers than the parallelism does: with replicas set
      // the operator runs replicas × slots and ignores spec.job.parallelism (FlinkConfigBuilder), so a
      // parallelism upgrade would change nothing. Without them it starts ceil(parallelism / slots).
      taskManager: { ...(taskManagersAsked(spec) ? { replicas: spec.taskManagers } : {}), resource: { memory: '1280m', cpu: 0.25 } },
      job: {
        jarURI: PROBE_JAR_URI,
        entryClass: PROBE_MAIN_CLASS,
        // A user's own job (from a user's FlinkDeployment) runs with its own arguments, changed only by a scenario's upgrade.
        args: spec.userJob ? spec.userJob.arguments : probeJobArguments(spec, input.paths),
        parallelism: spec.parallelism,
        upgradeMode: input.upgradeMode,
        state: input.state,
        ...(spec.allowNonRestoredState ? { allowNonRestoredState: true } : {}),
        ...(spec.initialRestore && spec.initialRestore.kind !== 'none' ? { initialSavepointPath: spec.initialRestore.path } : {}),
        ...(input.savepointTriggerNonce !== undefined ? { savepointTriggerNonce: input.savepointTriggerNonce } : {}),
      },
    },
  };
}

/** The parts of FlinkDeployment.status the harness reads (operator 1.5-1.7; every field optional). */
export interface FlinkDeploymentStatus {
  lifecycleState?: string;
  error?: string;
  jobManagerDeploymentStatus?: string;
  /** reconciliationTimestamp: epoch ms (the operator's clock) of the last spec change it carried out. */
  reconciliationStatus?: { state?: string; lastReconciledSpec?: string; reconciliationTimestamp?: number };
  jobStatus?: {
    jobId?: string;
    state?: string;
    startTime?: string;
    updateTime?: string;
    savepointInfo?: {
      lastSavepoint?: { timeStamp?: number; location?: string; triggerType?: string; triggerNonce?: number };
      savepointHistory?: Array<{ timeStamp?: number; location?: string; triggerType?: string }>;
    };
    checkpointInfo?: { lastCheckpoint?: { timeStamp?: number; triggerType?: string } };
  };
}

/**
 * In standalone application mode operator 1.7 mounts an emptyDir over /opt/flink/usrlib (its
 * UserLibMountDecorator, because it sets pipeline.classpaths to the jarURI), hiding a job jar the
 * image keeps there, unless the main container already mounts something at a path starting with
 * /opt/flink/usrlib. This pod template part mounts an empty directory at /opt/flink/usrlib/.operator,
 * so the image's usrlib/ with the jar stays visible. Merge it into spec.podTemplate.
 */
export const KEEP_IMAGE_USRLIB = {
  containers: [{ name: 'flink-main-container', volumeMounts: [{ name: 'usrlib-guard', mountPath: '/opt/flink/usrlib/.operator' }] }],
  volumes: [{ name: 'usrlib-guard', emptyDir: {} }],
} as const;
