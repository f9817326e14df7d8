// Flink configuration for one cluster generation, shared by every platform (the seed's settings:
// checkpointing on, RETAIN_ON_CANCELLATION, HA with its storageDir on S3).
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { BadInputError } from '../support/errors.ts';
import type { DeploymentSpec } from './deployment-spec.ts';
import type { StoragePaths } from './platform.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';

/** Where Flink finds the other components of one generation. */
export interface ClusterTopology {
  clusterId: string;
  jobManagerHost: string;
  s3Endpoint: string;
  s3AccessKey: string;
  s3SecretKey: string;
  zookeeperQuorum?: string;
  /** Where Kubernetes HA keeps its ConfigMaps. */
  kubernetesNamespace?: string;
  /** What the platform itself needs set (ports its manifests declare), before the spec's own settings. */
  platformConfig?: Record<string, string>;
}

/** Flink 2.x reads execution.state-recovery.path; 1.20 reads execution.savepoint.path. */
export function recoveryPathKey(flinkVersion: string): string {
  return majorOf(flinkVersion) >= 2 ? 'execution.state-recovery.path' : 'execution.savepoint.path';
}

/** allowNonRestoredState as configuration: renamed along with the recovery path in 2.x. */
export function ignoreUnclaimedStateKey(flinkVersion: string): string {
  return majorOf(flinkVersion) >= 2 ? 'execution.state-recovery.ignore-unclaimed-state' : 'execution.savepoint.ignore-unclaimed-state';
}

export function majorOf(flinkVersion: string): number {
  const major = Number.parseInt(flinkVersion.split('.')[0] ?? '', 10);
  if (!Number.isFinite(major)) throw new Error(`not a Flink version: ${flinkVersion}`);
  return major;
}

/**
 * The JVM module flags Flink's own distribution ships in its default config.yaml; without them
 * Java 17 refuses Flink's reflection ("module java.base does not opens java.util").
 */
export const JAVA_MODULE_OPTIONS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  ...['java.lang', 'java.net', 'java.io', 'java.nio', 'sun.nio.ch', 'java.lang.reflect', 'java.text', 'java.time', 'java.util', 'java.util.concurrent', 'java.util.concurrent.atomic', 'java.util.concurrent.locks']
    .map((pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`),
].join(' ');

/**
 * The probe's JVMs compile with C1 only. Starting them is most of a scenario's CPU on a 2-core
 * machine (two to six JobManager and TaskManager starts per scenario, beside another scenario's):
 * a Flink 2.3.0 JobManager of the probe image reached its job's RUNNING with 3.2-3.6 s of CPU
 * instead of 5.0-5.4 s, in 4.5-8.0 s instead of 7.1-13.2 s (three starts each, alternating, under
 * other load). The probe writes 20 records a second, far below what C1's code keeps up with; what a
 * restore restores does not depend on the compiler. A user's own job keeps the JVM's defaults.
 */
export const PROBE_JVM_OPTIONS = '-XX:TieredStopAtLevel=1';

/** The flat key → value configuration of one generation. */
export function flinkConfiguration(spec: DeploymentSpec, paths: StoragePaths, topology: ClusterTopology, restoreFrom?: RestorePoint): Record<string, string> {
  const config: Record<string, string> = {
    'env.java.opts.all': spec.userJob ? JAVA_MODULE_OPTIONS : `${JAVA_MODULE_OPTIONS} ${PROBE_JVM_OPTIONS}`,
    'jobmanager.rpc.address': topology.jobManagerHost,
    'jobmanager.bind-host': '0.0.0.0',
    'taskmanager.bind-host': '0.0.0.0',
    'rest.address': topology.jobManagerHost,
    'rest.bind-address': '0.0.0.0',
    'jobmanager.memory.process.size': '1024m',
    'taskmanager.memory.process.size': '1280m',
    'taskmanager.numberOfTaskSlots': String(spec.slotsPerTaskManager),
    'parallelism.default': String(spec.parallelism),
    'state.backend.type': 'hashmap',
    'execution.checkpointing.interval': `${spec.checkpointIntervalMs}ms`,
    'execution.checkpointing.dir': paths.checkpoints,
    'execution.checkpointing.savepoint-dir': paths.savepoints,
    'execution.checkpointing.num-retained': String(spec.numRetained),
    'execution.checkpointing.externalized-checkpoint-retention': spec.retention,
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': String(spec.restartAttempts),
    'restart-strategy.fixed-delay.delay': `${spec.restartDelayMs}ms`,
    // Keep the JobManager up after the job ends so its final statistics stay readable over REST.
    'execution.shutdown-on-application-finish': 'false',
    // A killed TaskManager is noticed in seconds instead of the default 50 s.
    'heartbeat.interval': '2000',
    'heartbeat.timeout': '10000',
    'metrics.fetcher.update-interval': '1000',
    // The JobManager otherwise reverse-resolves every TaskManager IP; without a reachable DNS
    // server each lookup blocks its main thread for seconds (slot requests then time out).
    'jobmanager.retrieve-taskmanager-hostname': 'false',
    // REST caches job and checkpoint statistics for this long; the default 3 s hides fresh restores.
    'web.refresh-interval': '500',
    'web.checkpoints.history': '100',
    's3.endpoint': topology.s3Endpoint,
    's3.path.style.access': 'true',
    's3.access-key': topology.s3AccessKey,
    's3.secret-key': topology.s3SecretKey,
  };
  if (spec.highAvailability !== 'none') {
    config['high-availability.type'] = spec.highAvailability;
    config['high-availability.storageDir'] = paths.ha;
    config['high-availability.cluster-id'] = topology.clusterId;
    if (spec.highAvailability === 'zookeeper') {
      if (!topology.zookeeperQuorum) throw new Error('ZooKeeper HA needs a quorum address');
      config['high-availability.zookeeper.quorum'] = topology.zookeeperQuorum;
    } else {
      config['kubernetes.cluster-id'] = topology.clusterId;
      if (topology.kubernetesNamespace) config['kubernetes.namespace'] = topology.kubernetesNamespace;
    }
  }
  if (restoreFrom && restoreFrom.kind !== 'none') {
    config[recoveryPathKey(spec.flinkVersion)] = restoreFrom.path;
    if (spec.allowNonRestoredState) config[ignoreUnclaimedStateKey(spec.flinkVersion)] = 'true';
  }
  return { ...fasterFailoverDefaults(spec), ...spec.userJob?.flinkConfig, ...config, ...topology.platformConfig, ...spec.flinkConfig };
}

/**
 * Settings that only make the harness's own deployments converge sooner; a user's config.yaml
 * overrides them.
 * - A JobManager killed with SIGKILL keeps its ZooKeeper leader latch until its session expires:
 *   Flink asks for 60 s, ZooKeeper (tickTime 2 s) grants at most 40 s, and the restarted JobManager
 *   waited that long for leadership (41.6 s from kill to restore, measured). 10 s is above the 4 s
 *   ZooKeeper minimum and as long as heartbeat.timeout.
 * - `web.timeout` also bounds the JobManager's metric fetch, and Flink 2.x starts no new fetch until
 *   every TaskManager's answer came or timed out. A fetch that asks a TaskManager killed a moment
 *   before (still registered) gets no answer: with the default 600 s the metric store, the probe's
 *   gauge with it, stayed frozen at the values from before the kill and the gauge witness ran out of
 *   its 120 s (scenario 8 under the pipeline platform, 2 runs of 3 here; 10 min after the kill the
 *   store moved on and the gauge said attempt 1, checkpoint 8, as expected). 30 s is three times the
 *   harness's own REST timeout, so no REST call the harness makes is cut short by it.
 */
export function fasterFailoverDefaults(spec: DeploymentSpec): Record<string, string> {
  return {
    'web.timeout': String(METRIC_FETCH_TIMEOUT_MS),
    ...(spec.highAvailability === 'zookeeper' ? { 'high-availability.zookeeper.client.session-timeout': '10000' } : {}),
  };
}

/** How long the JobManager waits for one round of metrics (web.timeout): how long a killed TaskManager can freeze them. */
export const METRIC_FETCH_TIMEOUT_MS = 30_000;

/** A key of the user's configuration the harness set otherwise. */
export interface ConfigOverride {
  key: string;
  user: string;
  harness: string;
}

/** Where the configuration a generation runs with differs from what the user's own config.yaml says. */
export function userConfigOverrides(spec: DeploymentSpec, applied: Record<string, string>): ConfigOverride[] {
  return configOverrides(spec.userJob?.flinkConfig ?? {}, applied);
}

/** `key: user -> harness`, one line per override, as results list them. */
export function describeOverrides(overrides: readonly ConfigOverride[]): string[] {
  return overrides.map((o) => `${o.key}: ${o.user} -> ${o.harness}`);
}

/** Written where the harness removed a key of the user's configuration. */
export const REMOVED = '(removed)';

/** Each key of `user` that `applied` sets otherwise or leaves out. */
export function configOverrides(user: Record<string, string>, applied: Record<string, string>): ConfigOverride[] {
  return Object.entries(user)
    .filter(([key, value]) => applied[key] !== value)
    .map(([key, value]) => ({ key, user: value, harness: applied[key] ?? REMOVED }));
}

/**
 * A user's config.yaml as the flat dotted keys Flink reads: nested maps are joined with dots,
 * lists become Flink's `a;b` form. Throws on text that is not a YAML map.
 */
export function flattenFlinkConfig(yamlText: string, source: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = parse(yamlText);
  } catch (error) {
    throw new BadInputError(`${source} is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadInputError(`${source} must be a map of Flink settings`);
  return flattenFlinkMap(parsed as Record<string, unknown>);
}

/** A map of Flink settings (nested or dotted) as flat dotted keys with string values, lists as `a;b`. */
export function flattenFlinkMap(parsed: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  const visit = (value: unknown, key: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [child, inner] of Object.entries(value)) visit(inner, key ? `${key}.${child}` : child);
    } else {
      flat[key] = Array.isArray(value) ? value.map(String).join(';') : String(value);
    }
  };
  visit(parsed, '');
  return flat;
}

/** Reads and flattens the user's config.yaml (see flattenFlinkConfig). */
export function readUserFlinkConfig(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BadInputError(`cannot read the Flink configuration ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return flattenFlinkConfig(text, path);
}

const DURABLE_SCHEMES = new Set(['s3', 's3a', 's3p', 's3n', 'hdfs', 'gs', 'abfs', 'abfss', 'wasb', 'wasbs', 'oss', 'viewfs', 'cosn', 'obs', 'ofs', 'o3fs']);

/** Durable means shared storage that outlives every JobManager container; a local path does not. */
export function isDurablePath(path: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path.trim())?.[1]?.toLowerCase();
  return scheme !== undefined && DURABLE_SCHEMES.has(scheme);
}

/** Whether the spec's HA storageDir (the platform's, or one set through flinkConfig) is durable. */
export function haStorageDurable(spec: DeploymentSpec): boolean | undefined {
  if (spec.highAvailability === 'none') return undefined;
  const configured = spec.flinkConfig?.['high-availability.storageDir'];
  return configured === undefined ? true : isDurablePath(configured);
}

/** config.yaml text: flat dotted keys are valid standard YAML for Flink 1.19+ and 2.x. */
export function toConfigYaml(config: Record<string, string>): string {
  return stringify(config, { lineWidth: 0 });
}

/** The probe job's program arguments. */
export function probeJobArguments(spec: DeploymentSpec, paths: StoragePaths): string[] {
  return [
    '--output', paths.output,
    '--control', paths.control,
    '--keys', String(spec.probe.keys),
    '--rate', String(spec.probe.ratePerSecond),
    '--probe-version', spec.probe.version,
    '--state-uid', spec.probe.stateUid,
  ];
}

/**
 * The application entry point writes its command-line restore settings over the configuration
 * (an absent --allowNonRestoredState resets ignore-unclaimed-state to false), so pass them too.
 */
export function restoreArguments(spec: DeploymentSpec, restoreFrom: RestorePoint | undefined): string[] {
  if (!restoreFrom || restoreFrom.kind === 'none') return [];
  return ['--fromSavepoint', restoreFrom.path, ...(spec.allowNonRestoredState ? ['--allowNonRestoredState'] : [])];
}

export const PROBE_MAIN_CLASS = 'dev.frh.probe.ProbeJob';
