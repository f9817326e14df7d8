// A user's own FlinkDeployment YAML on the Operator platform. The harness keeps what the team wrote
// (image, flinkVersion, job, resources, pod template, Flink configuration) and sets only what a run
// needs: the run's name, namespace and labels, checkpoint/savepoint/HA storage on the run's MinIO and
// its credentials, Kubernetes HA, restart and heartbeat settings, the standalone mode and the
// namespace's service account. Every field of the user's resource it set otherwise is an override the
// result lists.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { DeploymentSpec, UpgradeMode } from '../deployment-spec.ts';
import { PROBE_MAIN_CLASS, REMOVED, configOverrides, flattenFlinkMap, type ConfigOverride } from '../flink-config.ts';
import { BadInputError } from '../../support/errors.ts';
import { imageFor, MissingImageError } from '../images.ts';
import { FLINK_DEPLOYMENT_API, OLDEST_FLINK_VERSION_KNOWN, newestFlinkVersionKnown, operatorVersion } from './flink-deployment.ts';

type Yaml = Record<string, unknown>;

export interface UserFlinkDeployment {
  /** The file it came from, as given. */
  file: string;
  /** The resource as written, flinkConfiguration flattened, server-set metadata and status dropped. */
  resource: KubernetesObject & { spec: Yaml };
}

const UPGRADE_MODES: readonly UpgradeMode[] = ['last-state', 'savepoint', 'stateless'];

/**
 * Keys the harness sets for every cluster where the user's value stands when there is one: they
 * shape how the job runs, not what the harness observes or where state goes.
 */
const USER_MAY_SET = new Set([
  'env.java.opts.all', 'jobmanager.bind-host', 'taskmanager.bind-host', 'rest.bind-address', 'state.backend.type',
  'taskmanager.numberOfTaskSlots', 'kubernetes.jobmanager.cpu.limit-factor', 'kubernetes.taskmanager.cpu.limit-factor',
]);

/** Restore paths of the user's own storage: the run starts empty (or from its own initial savepoint). */
const USER_RESTORE_KEYS = ['execution.savepoint.path', 'execution.state-recovery.path'];

/** Written where the user left a field out and the operator's default differs from the harness's. */
const UNSET = '(unset)';

/** Metadata a `kubectl get -o yaml` copy carries that belongs to another cluster's object. */
const SERVER_METADATA = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'finalizers'];

/** FRH_FLINK_DEPLOYMENT (set by `--flink-deployment`): the user's FlinkDeployment for every scenario of the run. */
export const FLINK_DEPLOYMENT_VARIABLE = 'FRH_FLINK_DEPLOYMENT';

/**
 * The newest spec.flinkVersion the operator a deployment starts on knows (its own operatorVersion, else
 * the run's); undefined under a user's own operator image (FRH_IMAGE_OPERATOR), whose enum is unknown.
 */
export function newestFlinkVersionOfRun(deploymentOperatorVersion: string | undefined, env = process.env): string | undefined {
  if (deploymentOperatorVersion) return newestFlinkVersionKnown(deploymentOperatorVersion);
  return env.FRH_IMAGE_OPERATOR ? undefined : newestFlinkVersionKnown(operatorVersion(env));
}

/** Reads and validates (parseUserFlinkDeployment); `source` starts each complaint (default `flinkDeployment FILE`). */
export function readUserFlinkDeployment(file: string, newestKnown: string | undefined, source = `flinkDeployment ${file}`): UserFlinkDeployment {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BadInputError(`${source}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message})`);
  }
  return parseUserFlinkDeployment(text, file, newestKnown, source);
}

/**
 * Validates a FlinkDeployment before anything is deployed; each problem is one BadInputError line
 * naming the file and the field. `newestKnown` is the newest spec.flinkVersion the
 * operator in use lists (undefined for a user's own operator image: any vN_M passes).
 */
export function parseUserFlinkDeployment(text: string, file: string, newestKnown: string | undefined, source = `flinkDeployment ${file}`): UserFlinkDeployment {
  const fail = (problem: string): never => {
    throw new BadInputError(`${source}: ${problem}`);
  };
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors[0]) fail(`not valid YAML: ${document.errors[0].message.split('\n')[0]}`);
  const value: unknown = document.toJS();
  if (!isMap(value)) fail('not a YAML map (give one FlinkDeployment resource)');
  const resource = value as Yaml;
  const apiVersion = `${FLINK_DEPLOYMENT_API.group}/${FLINK_DEPLOYMENT_API.version}`;
  if (resource.kind !== FLINK_DEPLOYMENT_API.kind) fail(`kind is ${describe(resource.kind)}, not ${FLINK_DEPLOYMENT_API.kind}`);
  if (resource.apiVersion !== apiVersion) fail(`apiVersion is ${describe(resource.apiVersion)}, not ${apiVersion}`);
  if (!isMap(resource.spec)) fail('has no spec');
  const spec = resource.spec as Yaml;
  if (!isMap(spec.job)) fail('spec.job is missing: a session cluster (no job) is not supported; give spec.job with jarURI and upgradeMode');
  const job = spec.job as Yaml;
  if (typeof job.jarURI !== 'string' || !job.jarURI) fail('spec.job.jarURI is missing');
  if (job.upgradeMode === undefined) fail(`spec.job.upgradeMode is missing (the operator then upgrades statelessly); give one of ${UPGRADE_MODES.join(', ')}`);
  if (!UPGRADE_MODES.includes(job.upgradeMode as UpgradeMode)) fail(`spec.job.upgradeMode ${describe(job.upgradeMode)} is not one of ${UPGRADE_MODES.join(', ')}`);
  if (job.parallelism !== undefined && !(Number.isInteger(job.parallelism) && (job.parallelism as number) >= 1)) fail(`spec.job.parallelism ${describe(job.parallelism)} is not a whole number of at least 1`);
  if (job.args !== undefined && !(Array.isArray(job.args) && job.args.every((arg) => typeof arg === 'string'))) fail('spec.job.args must be a list of strings');
  checkFlinkVersion(spec.flinkVersion, newestKnown, fail);
  if (typeof spec.image !== 'string' || !spec.image) fail('spec.image is missing');
  if (spec.flinkConfiguration !== undefined && !isMap(spec.flinkConfiguration)) fail('spec.flinkConfiguration must be a map of Flink settings');
  const replicas = (spec.taskManager as Yaml | undefined)?.replicas;
  if (replicas !== undefined && !(Number.isInteger(replicas) && (replicas as number) >= 1)) fail(`spec.taskManager.replicas ${describe(replicas)} is not a whole number of at least 1`);
  imageReference(spec.image as string, fail);
  const flinkConfiguration = flattenFlinkMap((spec.flinkConfiguration ?? {}) as Yaml);
  const slots = flinkConfiguration['taskmanager.numberOfTaskSlots'];
  if (slots !== undefined && !/^[1-9]\d*$/.test(slots)) fail(`spec.flinkConfiguration taskmanager.numberOfTaskSlots "${slots}" is not a whole number of at least 1`);
  const metadata = isMap(resource.metadata) ? { ...resource.metadata } : {};
  for (const key of SERVER_METADATA) delete metadata[key];
  const { status: _status, ...rest } = resource;
  return { file, resource: { ...rest, metadata, spec: { ...spec, flinkConfiguration } } as UserFlinkDeployment['resource'] };
}

/**
 * spec.image may be `${FRH_IMAGE_<NAME>}`: an image the harness built (images/.built/images.json, or
 * that variable when set), so a committed example names the probe image without its input hash.
 * Returns the logical image name it refers to (probe-flink-1.20.0), undefined for a plain image.
 */
function imageReference(image: string, fail: (problem: string) => never): string | undefined {
  const reference = /^\$\{FRH_IMAGE_([A-Z0-9_]+)\}$/.exec(image.trim());
  if (!reference) {
    if (image.includes('${')) fail(`spec.image ${image}: only a whole \${FRH_IMAGE_<NAME>} is replaced (a harness-built image, e.g. \${FRH_IMAGE_PROBE_FLINK_1_20_0})`);
    return undefined;
  }
  return reference[1]!.toLowerCase().replace(/_(\d+)_(\d+)_(\d+)$/, '-$1.$2.$3').replace(/_/g, '-');
}

/** The resource with spec.image resolved (at deploy time: the images are built by then). */
export function withImageResolved(user: UserFlinkDeployment): UserFlinkDeployment {
  const image = user.resource.spec.image as string;
  const fail = (problem: string): never => {
    throw new BadInputError(`flinkDeployment ${user.file}: ${problem}`);
  };
  const name = imageReference(image, fail);
  if (name === undefined) return user;
  try {
    return { ...user, resource: { ...user.resource, spec: { ...user.resource.spec, image: imageFor(name) } } };
  } catch (error) {
    if (error instanceof MissingImageError) return fail(`spec.image ${image}: ${error.message}`);
    throw error;
  }
}

function checkFlinkVersion(value: unknown, newestKnown: string | undefined, fail: (problem: string) => never): void {
  if (value === undefined) fail('spec.flinkVersion is missing (the operator needs it, e.g. v1_19)');
  const match = typeof value === 'string' ? /^v(\d+)_(\d+)$/.exec(value) : null;
  if (!match) fail(`spec.flinkVersion ${describe(value)} is not a version the operator names (v<major>_<minor>, e.g. v1_19)`);
  if (!newestKnown) return;
  const version = [Number(match![1]), Number(match![2])] as const;
  const [oldest, newest] = [OLDEST_FLINK_VERSION_KNOWN, newestKnown].map((v) => v.slice(1).split('_').map(Number) as [number, number]);
  const before = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  if (before(version, oldest!) || before(newest!, version)) fail(`spec.flinkVersion ${String(value)} is unknown to the operator in use (it knows ${OLDEST_FLINK_VERSION_KNOWN} to ${newestKnown})`);
}

/**
 * The DeploymentSpec the run works with: what the user's resource says about the job (parallelism,
 * slots, TaskManagers, probe settings, a user's job) over the scenario's; the upgrade mode is the
 * scenario's when it names one (its strategy was written for that mode), else the resource's.
 */
export function specFromUserFlinkDeployment(user: UserFlinkDeployment, spec: DeploymentSpec): DeploymentSpec {
  const resourceSpec = user.resource.spec;
  const job = resourceSpec.job as Yaml;
  const config = resourceSpec.flinkConfiguration as Record<string, string>;
  const slotsPerTaskManager = Number(config['taskmanager.numberOfTaskSlots'] ?? 1);
  const replicas = (resourceSpec.taskManager as Yaml | undefined)?.replicas as number | undefined;
  // The operator's rule (FlinkConfigBuilder): with taskManager.replicas set the job runs at replicas
  // × slots and spec.job.parallelism is ignored.
  const parallelism = replicas !== undefined ? replicas * slotsPerTaskManager : (job.parallelism as number | undefined) ?? spec.parallelism;
  const args = (job.args ?? []) as string[];
  const entryClass = job.entryClass as string | undefined;
  const isProbe = entryClass === PROBE_MAIN_CLASS;
  return {
    ...spec,
    flinkDeployment: user.file,
    parallelism,
    slotsPerTaskManager,
    taskManagers: replicas ?? Math.ceil(parallelism / slotsPerTaskManager),
    upgradeMode: spec.upgradeMode ?? (job.upgradeMode as UpgradeMode),
    ...(isProbe ? { probe: { ...spec.probe, ...probeSettingsIn(args) } } : {
      // Without the probe the checks read REST, storage, HA and the operator states only.
      // Its Flink configuration stays in the resource (mergeFlinkConfiguration), not here.
      userJob: { jar: job.jarURI as string, entryClass: entryClass ?? "(the jar manifest's Main-Class)", arguments: args },
    }),
  };
}

/** The probe's own settings among its arguments (its output and control paths are the run's). */
function probeSettingsIn(args: string[]): Partial<DeploymentSpec['probe']> {
  const valueOf = (flag: string): string | undefined => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const keys = valueOf('--keys');
  const rate = valueOf('--rate');
  const version = valueOf('--probe-version');
  const stateUid = valueOf('--state-uid');
  return {
    ...(keys !== undefined ? { keys: Number(keys) } : {}),
    ...(rate !== undefined ? { ratePerSecond: Number(rate) } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(stateUid !== undefined ? { stateUid } : {}),
  };
}

export interface MergedFlinkDeployment {
  resource: KubernetesObject & { spec: Yaml };
  /** Fields of the user's resource outside flinkConfiguration the harness set otherwise. */
  resourceOverrides: ConfigOverride[];
  /** Keys of the user's spec.flinkConfiguration the harness set otherwise. */
  configOverrides: ConfigOverride[];
}

/**
 * The user's resource with the harness's needs applied: `harness` is the resource the harness would
 * write for the same spec (flinkDeploymentObject), from which it takes identity, storage, HA,
 * restart and heartbeat settings, the job's state and upgrade mode, and what its fault injection needs.
 */
export function mergeUserFlinkDeployment(user: UserFlinkDeployment, harness: KubernetesObject & { spec: Yaml }): MergedFlinkDeployment {
  const resourceOverrides: ConfigOverride[] = [];
  const set = (path: string, userValue: unknown, harnessValue: unknown): unknown => {
    if (userValue !== undefined && !same(userValue, harnessValue)) resourceOverrides.push({ key: path, user: text(userValue), harness: harnessValue === undefined ? REMOVED : text(harnessValue) });
    return harnessValue;
  };
  const userSpec = user.resource.spec;
  const harnessSpec = harness.spec;
  const userMetadata = (user.resource.metadata ?? {}) as Yaml;
  const harnessMetadata = harness.metadata!;
  const userLabels = (userMetadata.labels ?? {}) as Record<string, string>;
  for (const [label, value] of Object.entries(harnessMetadata.labels ?? {})) set(`metadata.labels.${label}`, userLabels[label], value);
  const metadata = {
    ...userMetadata,
    name: set('metadata.name', userMetadata.name, harnessMetadata.name),
    namespace: set('metadata.namespace', userMetadata.namespace, harnessMetadata.namespace),
    labels: { ...userLabels, ...harnessMetadata.labels },
  };

  const userJob = userSpec.job as Yaml;
  const harnessJob = harnessSpec.job as Yaml;
  const isProbe = userJob.entryClass === PROBE_MAIN_CLASS;
  const job: Yaml = {
    ...userJob,
    parallelism: harnessJob.parallelism,
    state: set('spec.job.state', userJob.state, harnessJob.state),
    upgradeMode: set('spec.job.upgradeMode', userJob.upgradeMode, harnessJob.upgradeMode),
    // The probe writes its output and takes commands on the run's MinIO. A user's job keeps its
    // own arguments until a scenario's upgrade changes them (a new version of the job, e.g. a UID).
    args: isProbe ? set('spec.job.args', userJob.args, harnessJob.args) : userJobArguments(userJob.args, harnessJob.args),
  };
  if (job.args === undefined) delete job.args;
  // A path into the team's own storage cannot restore here: the run starts from its own or none.
  const initial = set('spec.job.initialSavepointPath', userJob.initialSavepointPath, harnessJob.initialSavepointPath);
  if (initial === undefined) delete job.initialSavepointPath;
  else job.initialSavepointPath = initial;
  for (const field of ['allowNonRestoredState', 'savepointTriggerNonce'] as const) {
    if (harnessJob[field] !== undefined) job[field] = harnessJob[field];
  }

  const { config, overrides: configOverrides } = mergeFlinkConfiguration(userSpec.flinkConfiguration as Record<string, string>, harnessSpec.flinkConfiguration as Record<string, string>);
  const userTaskManager = (userSpec.taskManager ?? {}) as Yaml;
  const spec: Yaml = {
    ...userSpec,
    imagePullPolicy: userSpec.imagePullPolicy ?? harnessSpec.imagePullPolicy,
    // The harness's images start Flink through its entrypoint only (no native launch scripts), and
    // its faults are proven on standalone clusters.
    mode: set('spec.mode', userSpec.mode ?? `${UNSET}: native`, harnessSpec.mode),
    // The run's namespace has the harness's service account with Flink's HA role, and no other.
    serviceAccount: set('spec.serviceAccount', userSpec.serviceAccount, harnessSpec.serviceAccount),
    flinkConfiguration: config,
    podTemplate: mergePodTemplate((userSpec.podTemplate ?? undefined) as Yaml | undefined, harnessSpec.podTemplate as Yaml, set),
    jobManager: userSpec.jobManager ?? harnessSpec.jobManager,
    taskManager: { ...(harnessSpec.taskManager as Yaml), ...userTaskManager, ...(userTaskManager.replicas === undefined ? {} : { replicas: userTaskManager.replicas }) },
    job,
  };
  return { resource: { ...user.resource, metadata, spec } as MergedFlinkDeployment['resource'], resourceOverrides, configOverrides };
}

/**
 * The user's Flink configuration under the harness's: each key the harness sets wins unless the user
 * may choose it (USER_MAY_SET), restore paths into the team's storage go; every change is an override.
 */
export function mergeFlinkConfiguration(user: Record<string, string>, harness: Record<string, string>): { config: Record<string, string>; overrides: ConfigOverride[] } {
  const config: Record<string, string> = { ...user };
  for (const key of USER_RESTORE_KEYS) delete config[key];
  for (const [key, value] of Object.entries(harness)) {
    if (!(USER_MAY_SET.has(key) && user[key] !== undefined)) config[key] = value;
  }
  return { config, overrides: configOverrides(user, config) };
}

/** The user's arguments as written while the run's are the same (none and an empty list alike), else the run's. */
function userJobArguments(user: unknown, run: unknown): unknown {
  return same(user ?? [], run ?? []) ? user : run;
}

type Setter = (path: string, userValue: unknown, harnessValue: unknown) => unknown;

/** The user's pod template plus what the harness's fault injection needs (see flinkDeploymentObject). */
function mergePodTemplate(user: Yaml | undefined, harness: Yaml, set: Setter): Yaml {
  if (!user) return harness;
  const userSpec = (user.spec ?? {}) as Yaml;
  const harnessSpec = harness.spec as Yaml;
  const userMetadata = (user.metadata ?? {}) as Yaml;
  const harnessMetadata = harness.metadata as Yaml;
  const containers = [...((userSpec.containers ?? []) as Yaml[])];
  for (const needed of harnessSpec.containers as Yaml[]) {
    const index = containers.findIndex((c) => c.name === needed.name);
    const existing = index >= 0 ? containers[index]! : { name: needed.name };
    const merged = { ...existing, volumeMounts: [...((existing.volumeMounts ?? []) as Yaml[]), ...(needed.volumeMounts as Yaml[])] };
    if (index >= 0) containers[index] = merged;
    else containers.push(merged);
  }
  return {
    ...user,
    metadata: { ...userMetadata, labels: { ...(userMetadata.labels as Yaml | undefined), ...(harnessMetadata.labels as Yaml) } },
    spec: {
      ...userSpec,
      shareProcessNamespace: set('spec.podTemplate.spec.shareProcessNamespace', userSpec.shareProcessNamespace, harnessSpec.shareProcessNamespace),
      terminationGracePeriodSeconds: userSpec.terminationGracePeriodSeconds ?? harnessSpec.terminationGracePeriodSeconds,
      containers,
      volumes: [...((userSpec.volumes ?? []) as Yaml[]), ...(harnessSpec.volumes as Yaml[])],
    },
  };
}

function isMap(value: unknown): value is Yaml {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(' ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function describe(value: unknown): string {
  return value === undefined ? '(missing)' : JSON.stringify(value);
}
