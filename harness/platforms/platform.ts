// What a platform is (Jepsen's db): it deploys Flink + S3 storage somewhere, hands back a
// deployment handle, and declares optional abilities that faults check before using them.
import { GiveUpError } from '../support/wait.ts';
import type { FlinkRestClient } from '../flink/client.ts';
import type { StorageInspector } from '../storage/inspector.ts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DeploymentSpec, UpgradeMode } from './deployment-spec.ts';
import type { RestorePoint, StopSavepointRecord } from '../oracle/snapshot.ts';
import type { ConfigOverride } from './flink-config.ts';

import type { StoragePaths } from '../storage/layout.ts';

export type { StoragePaths } from '../storage/layout.ts';

/** A running Flink deployment (one logical job across its generations of clusters). */
export interface Deployment extends AsyncDisposable {
  readonly spec: DeploymentSpec;
  readonly platform: string;
  readonly rest: FlinkRestClient;
  readonly s3: S3Client;
  readonly storage: StorageInspector;
  readonly paths: StoragePaths;
  /** The job id the current generation runs (fixed per generation, new on every redeploy). */
  readonly jobId: string;
  /** 1 for the first cluster, +1 on every redeploy. */
  readonly generation: number;
  /** The job id of every generation so far, oldest first: the deployment's lineage. */
  readonly lineageJobIds: readonly string[];
  /** With a user's job: the keys of the user's Flink configuration the harness set otherwise (current generation). */
  readonly configOverrides?: readonly ConfigOverride[];
  /** With a user's FlinkDeployment (Operator): its fields outside flinkConfiguration the harness set otherwise. */
  readonly resourceOverrides?: readonly ConfigOverride[];
  /** What the current generation started from (its initial savepoint, or what a resume chose); none when it started empty. */
  readonly generationStartedFrom: RestorePoint | undefined;
  /**
   * What the last resume chose and who chose it, recorded before the new generation starts: a job
   * that never comes back still says what it was to restore. Unset where the platform's own
   * controller decides unseen (the Operator).
   */
  readonly resumeChoice?: ResumeChoice;
  /**
   * Brings back a job that ended (cancelled, stopped with a savepoint, failed for good, its
   * deployment deleted) the platform's own way, applying `changes` (an upgrade). The platform
   * chooses what to restore and tells nobody: the harness learns it only from witnesses.
   */
  resume(changes?: Partial<DeploymentSpec>): Promise<void>;
  /**
   * Throws a JobManagerExitedError when the JobManager has exited and nothing will restart it, so
   * waits end with its root cause instead of a timeout.
   */
  checkAlive(): Promise<void>;
  /** Logs and state of every component, for the evidence of a failing verdict. */
  collectDiagnostics(): Promise<Record<string, string>>;
  /** Removes everything this deployment created; never throws, returns the problems it met. */
  dispose(): Promise<string[]>;
  /**
   * Leaves the deployment up for a person (`--keep`) instead of `dispose()`: releases only what
   * lives in this process (port-forwards), detaches the rest from this process so no cleanup but an
   * explicit `frh sweep` removes it, and says how to reach it.
   */
  keep(): Promise<KeptPlace>;
}

/** A resume's pick: the snapshot (or empty state) a decider chose, and the decider in words. */
export interface ResumeChoice {
  decidedBy: string;
  chose: RestorePoint;
}

/** Where a kept deployment lives and how a person reaches it. */
export interface KeptPlace {
  platform: string;
  /** What holds every part of it: the Docker network (also its containers' name prefix) or the Kubernetes namespace. */
  where: string;
  /** How to reach it, in the order a person needs them; commands print secrets only to whoever runs them. */
  access: KeptAccess[];
}

/** A deployment left up after its scenario did not end as intended (`--keep`). */
export interface KeptDeployment extends KeptPlace {
  /** The command that removes it (with whatever else its run kept). */
  removeWith: string;
}

export interface KeptAccess {
  /** e.g. "Flink UI", "JobManager log". */
  what: string;
  /** A URL to open or a command to run. */
  how: string;
}

/** Deploys deployments. `sweep` removes leftovers of earlier, crashed runs (by label only). */
export interface Platform {
  readonly name: string;
  deploy(spec: DeploymentSpec): Promise<Deployment>;
  sweep(): Promise<number>;
}

/**
 * Ability: abruptly kill a TaskManager process; the platform replaces it like a supervisor would.
 * Kills resolve to the epoch ms by which the process was certainly dead (the kill returned).
 */
export interface KillsTaskManagers {
  killTaskManager(index?: number): Promise<number>;
}

/** Ability: abruptly kill the JobManager process; the platform restarts it in place. */
export interface KillsJobManagers {
  killJobManager(): Promise<number>;
  /** Kill it and start a fresh one in its place: new container, empty local disk (a replaced pod). */
  replaceJobManager(): Promise<number>;
}

/** Ability: freeze (SIGSTOP-like, cgroup freezer) and thaw a component. */
export interface FreezesComponents {
  freeze(component: ComponentName): Promise<void>;
  thaw(component: ComponentName): Promise<void>;
}

/** Ability: make the S3 storage unavailable and bring it back. */
export interface InterruptsStorage {
  stopStorage(): Promise<void>;
  startStorage(): Promise<void>;
}

/**
 * What the HA store held at one moment (readAt, epoch ms): the checkpoint ids it pointed to, why it
 * could not be read, or why it says nothing about the next restore (the stop removed the HA data).
 */
export type HaReading =
  | { ids: number[]; readAt: number }
  | { error: string; readAt: number }
  | { notApplicable: string; readAt: number };

/**
 * Ability: read the checkpoint ids the HA store (Kubernetes HA ConfigMaps, ZooKeeper) points to
 * right now; throws when the store cannot be read (never an empty answer in its place).
 */
export interface ReadsHaStore {
  haCheckpointIds(): Promise<number[]>;
  /**
   * The HA store as the last JobManager the platform stopped left it: read once that JobManager had
   * certainly stopped and before the next one could recover from it, for a stop that keeps the HA
   * data (the Operator's last-state suspend or upgrade, a deleted deployment whose successor reuses
   * its cluster-id); for any other stop, why the HA store says nothing about the next restore.
   */
  readonly haAtLastStop?: HaReading;
}

/** A reading that does not apply, and why (judged now). */
export function haNotApplicable(reason: string): HaReading {
  return { notApplicable: reason, readAt: Date.now() };
}

/** Reads the HA store now; a store that cannot be read is a reading with its error, never an empty one. */
export async function readHaStore(deployment: ReadsHaStore): Promise<HaReading> {
  try {
    const ids = await deployment.haCheckpointIds();
    return { ids, readAt: Date.now() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), readAt: Date.now() };
  }
}

/** Ability: delete the HA metadata of the running job (ConfigMaps), as a careless cleanup would; all of it by default. */
export interface DeletesHaMetadata {
  deleteHaMetadata(scope?: HaMetadataScope): Promise<string[]>;
}

export type { UpgradeMode } from './deployment-spec.ts';

/**
 * Which HA ConfigMaps a deletion takes: all of the cluster-id's, or only the job's own
 * (`<cluster-id>-<job id>-config-map`: its checkpoint pointers and counter), leaving the cluster's
 * leader ConfigMap (`<cluster-id>-cluster-config-map`) in place.
 */
export type HaMetadataScope = 'all' | 'job';

/** When a change the platform carries out began and when it had certainly taken effect (epoch ms). */
export interface PlatformChange {
  requestedAt: number;
  effectiveAt: number;
}

/**
 * Ability: the platform runs the job from a declarative spec its own controller reconciles (the
 * Flink Kubernetes Operator's FlinkDeployment). The harness only edits the spec, as a user would;
 * the controller decides how to stop the job and what the next one restores.
 */
export interface ReconcilesJobSpec {
  readonly upgradeMode: UpgradeMode;
  /** Sets the job's desired state to suspended; resolves once the old job has certainly stopped. */
  suspend(): Promise<PlatformChange>;
  /**
   * Applies `changes` to the spec of the running job; resolves once the old job has certainly stopped.
   * `duringUpgrade` runs once the controller started the upgrade; `onceNewClusterCreated` once the
   * controller created the next cluster's JobManager (it had checked what it restores from by then),
   * before that JobManager can have recovered anything. `amendsPrevious`: the change amends the
   * previous one after its stop (e.g. takes it back): only the spec is applied, the stop already
   * recorded stays the one the next job restores from.
   */
  upgrade(changes: Partial<DeploymentSpec>, options?: { duringUpgrade?: () => Promise<void>; onceNewClusterCreated?: () => Promise<void>; amendsPrevious?: boolean }): Promise<PlatformChange>;
  /** A savepoint through the spec (savepointTriggerNonce); resolves once the platform recorded where it went. */
  triggerSavepoint(): Promise<{ path: string; recordedAt: number }>;
  /** Kills the controller's own pod; its Deployment starts another. Resolves to when the kill returned. */
  killController(): Promise<number>;
  /**
   * Replaces the controller while the job runs (an operator upgrade when `image` names another
   * version, else a restart): resolves once the new controller is ready.
   */
  replaceController(image?: string): Promise<{ image: string }>;
  /**
   * After an upgrade whose new JobManager cannot start: resolves once the controller began to roll
   * back to the last stable spec (when it recorded that); throws JobWillNotRunError when the
   * controller says it will not roll back; resolves with `decided: false` when it said neither
   * within `timeoutMs`.
   */
  awaitRollback(timeoutMs: number): Promise<{ decided: boolean; rollingBackAt?: number; state?: string }>;
  /**
   * Waits until the JobManager of the current spec exists and cannot be scheduled (its pod Pending,
   * PodScheduled False): resolves to its pod's name.
   */
  awaitUnschedulableJobManager(timeoutMs: number): Promise<string>;
  /**
   * After a spec change that should replace an unschedulable JobManager (`pod`): resolves once that
   * pod is gone; throws JobWillNotRunError when the controller says, after the change, that it waits
   * for an upgradeable state (it will keep the pod, so the job cannot come back).
   */
  awaitUnschedulableJobManagerReplaced(pod: string, changedAt: number, timeoutMs: number): Promise<{ replacedAt: number }>;
}

/** Ability: the log of the JobManager that runs the current job (its own "Restoring job ... from ..." line). */
export interface ReadsJobManagerLog {
  currentJobManagerLog(): Promise<string>;
}

/**
 * Ability: the platform keeps its own record of the savepoint its stop took for the last suspend or
 * upgrade, which it hands the restored job (the operator's status): taken, none taken (the mode it
 * used instead), or unknown. Undefined when no suspend or upgrade preceded this restore.
 */
export interface RecordsRestoreSource {
  recordedRestoreSource(): Promise<StopSavepointRecord | undefined>;
}

export function readsJobManagerLog(d: Deployment): d is Deployment & ReadsJobManagerLog {
  return typeof (d as Partial<ReadsJobManagerLog>).currentJobManagerLog === 'function';
}
export function recordsRestoreSource(d: Deployment): d is Deployment & RecordsRestoreSource {
  return typeof (d as Partial<RecordsRestoreSource>).recordedRestoreSource === 'function';
}

export type ComponentName = 'jobmanager' | 'taskmanager' | 'storage' | 'zookeeper';

export function canKillTaskManagers(d: Deployment): d is Deployment & KillsTaskManagers {
  return typeof (d as Partial<KillsTaskManagers>).killTaskManager === 'function';
}
export function canKillJobManagers(d: Deployment): d is Deployment & KillsJobManagers {
  return typeof (d as Partial<KillsJobManagers>).killJobManager === 'function';
}
export function canFreeze(d: Deployment): d is Deployment & FreezesComponents {
  return typeof (d as Partial<FreezesComponents>).freeze === 'function';
}
export function canReadHaStore(d: Deployment): d is Deployment & ReadsHaStore {
  return typeof (d as Partial<ReadsHaStore>).haCheckpointIds === 'function';
}
export function canDeleteHaMetadata(d: Deployment): d is Deployment & DeletesHaMetadata {
  return typeof (d as Partial<DeletesHaMetadata>).deleteHaMetadata === 'function';
}
export function reconcilesJobSpec(d: Deployment): d is Deployment & ReconcilesJobSpec {
  return typeof (d as Partial<ReconcilesJobSpec>).suspend === 'function' && typeof (d as Partial<ReconcilesJobSpec>).upgrade === 'function';
}
export function canInterruptStorage(d: Deployment): d is Deployment & InterruptsStorage {
  return typeof (d as Partial<InterruptsStorage>).stopStorage === 'function';
}

/**
 * The JobManager runs but says it will never run the job (a restarted JobManager that finds the job
 * already globally terminal ignores it): waiting longer cannot bring it back, so the wait ends at
 * once with the verdict a wait that ran out gets (TIMEOUT), the message quoting the JobManager.
 */
export class JobWillNotRunError extends GiveUpError {
  constructor(message: string) {
    super(message);
    this.name = 'JobWillNotRunError';
  }
}

/** The JobManager process ended and will not answer again (the message quotes its log's root cause). */
export class JobManagerExitedError extends GiveUpError {
  constructor(message: string) {
    super(message);
    this.name = 'JobManagerExitedError';
  }
}
