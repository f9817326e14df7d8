// One deployment under the Flink Kubernetes Operator: its own labelled namespace with MinIO, Flink's
// HA role, an operator watching only that namespace, and one FlinkDeployment. The harness edits the
// FlinkDeployment's spec as a user would (suspend, resume, upgrade, savepointTriggerNonce) and the
// operator decides how the job stops and what the next one restores; the harness learns that only
// from witnesses (REST, storage, HA ConfigMaps, the probe, the resource's status).
import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { ensureBucket } from '../../storage/s3.ts';
import { createS3Client } from '../../storage/s3.ts';
import { StorageInspector } from '../../storage/inspector.ts';
import { FlinkRestClient } from '../../flink/client.ts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RestorePoint, StopSavepointRecord } from '../../oracle/snapshot.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import { JobManagerExitedError, JobWillNotRunError, haNotApplicable, readHaStore } from '../platform.ts';
import type {
  Deployment, DeletesHaMetadata, HaReading, InterruptsStorage, KeptPlace, KillsJobManagers, KillsTaskManagers, PlatformChange, ReadsHaStore,
  ReadsJobManagerLog, ReconcilesJobSpec, RecordsRestoreSource, StoragePaths, UpgradeMode,
} from '../platform.ts';
import { S3_CREDENTIALS, BUCKET, storagePaths } from '../generations.ts';
import { rootCauseLine } from '../flink-logs.ts';
import { Kube, OWNER_LABEL, OWNER_VALUE, RUN_LABEL, type PortForwardHandle } from '../../k8s/kube.ts';
import { renderManifest } from '../on-cluster/manifests.ts';
import { killJvmInPod } from '../on-cluster/jvm-kill.ts';
import { DEPLOYMENT_LABEL, FLINK_HA_LABELS, namespaceName, deleteHaConfigMaps, haConfigMapsIn, type HaMetadataScope, haCheckpointIdsIn, haConfigMapsText, minioConsolePortIn, namespaceDiagnostics, podLogs, startStorage, stopStorage } from '../on-cluster/namespace-parts.ts';
import { kubernetesKeptAccess } from '../kept.ts';
import { flinkDeploymentObject, newestFlinkVersionKnown, type FlinkDeploymentStatus } from './flink-deployment.ts';
import { deleteFlinkDeployment, lastReconciledJobState, readFlinkDeployment, removeFinalizers } from './flink-deployment-api.ts';
import { applyMissingCrds, readOperatorCrds } from './crds.ts';
import { stopSavepointRecord } from './stop-savepoint.ts';
import { mergeUserFlinkDeployment, type UserFlinkDeployment } from './user-flink-deployment.ts';
import type { ConfigOverride } from '../flink-config.ts';
import { OPERATOR_DEPLOYMENT, OPERATOR_POD_SELECTOR, renderOperatorManifest } from './operator-manifest.ts';
import { progress } from '../../support/progress.ts';
import { WaitTimeoutError, waitFor } from '../../support/wait.ts';

const STARTUP_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 180_000;
const CRASH_LOOP_RESTARTS = 3;
const RESTARTED_LOG_EVERY_MS = 5_000;
/** The operator's word (up to 1.5) for a rollback it will not do: the upgrade it would roll back left no HA metadata. */
const ROLLBACK_REFUSED = /Rollback is not possible due to missing HA metadata/;
/** The operator's word (up to 1.3.0) for an upgrade it postpones until the job runs or HA metadata appears. */
const WAITING_FOR_UPGRADEABLE = /Job is not running (yet )?and HA metadata is not available.*waiting for upgradeable state/;

/** When an operator log line was written (its leading `yyyy-MM-dd HH:mm:ss,SSS`, UTC); 0 when it has none. */
function logLineTime(line: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})/.exec(line);
  return match ? Date.parse(`${match[1]}T${match[2]}.${match[3]}Z`) : 0;
}
/** The operator runs on the cluster's node: its clock is the host's, give or take this. */
const CLOCK_SLACK_MS = 2_000;
/** The FlinkDeployment's name: the cluster-id, and the `app` label of every pod and HA ConfigMap. */
export const CLUSTER_NAME = 'probe';

export interface OperatorImages {
  flink: (flinkVersion: string) => string;
  minio: string;
  operator: string;
  /** The operator's version (for its CRDs and its FlinkVersion enum); undefined for a user's own image. */
  operatorVersion?: string;
  /**
   * Whose CRDs to create when the cluster lacks them (CRDs are cluster-wide; a newer operator's are a
   * superset of an older one's, so an older operator starts on the newest built): operatorVersion's when unset.
   */
  crdVersion?: string;
}

export interface OperatorDeploymentOptions {
  kube: Kube;
  /** `kubectl` aimed at the cluster (kubectlCommand), quoted in a kept deployment's instructions. */
  kubectl?: string;
  runId: string;
  spec: DeploymentSpec;
  images: OperatorImages;
  /** The user's own FlinkDeployment, deployed with the harness's needs applied (spec derived from it). */
  userFlinkDeployment?: UserFlinkDeployment;
}

export class OperatorDeployment implements Deployment, KillsTaskManagers, KillsJobManagers, InterruptsStorage, ReadsHaStore, DeletesHaMetadata, ReconcilesJobSpec, ReadsJobManagerLog, RecordsRestoreSource {
  readonly platform = 'operator';
  readonly namespace: string;
  readonly paths: StoragePaths = storagePaths();
  readonly rest = new FlinkRestClient({ baseUrl: 'http://127.0.0.1:1' });
  readonly upgradeMode: UpgradeMode;
  readonly lineageJobIds: string[] = [];
  spec: DeploymentSpec;
  configOverrides: ConfigOverride[] = [];
  resourceOverrides: ConfigOverride[] = [];
  s3!: S3Client;
  storage!: StorageInspector;
  generationStartedFrom: RestorePoint | undefined;
  haAtLastStop?: HaReading;

  private readonly kube: Kube;
  private readonly kubectl: string;
  private readonly runId: string;
  private images: OperatorImages;
  private readonly userFlinkDeployment?: UserFlinkDeployment;
  private readonly labels: Record<string, string>;
  private state: 'running' | 'suspended' = 'running';
  /** When the last suspend or upgrade was asked for. */
  private changeRequestedAt?: number;
  private savepointNonce?: number;
  private currentJobId = '';
  private generationNumber = 0;
  /** The JobManager pod of the running job: a new one means the operator brought up a new cluster. */
  private jobManagerPodUid?: string;
  private storageForward?: PortForwardHandle;
  private restForward?: PortForwardHandle;
  private readonly retiredLogs: Record<string, string> = {};
  /**
   * Settles once the operator's status reports the job a resume brought back RUNNING (see
   * operatorCaughtUp); undefined when nothing is pending.
   */
  private operatorSeesJob?: Promise<void>;

  private constructor(options: OperatorDeploymentOptions) {
    // Last-state needs HA metadata: the operator runs Kubernetes HA whenever HA is asked for.
    this.spec = options.spec.highAvailability === 'none' ? options.spec : { ...options.spec, highAvailability: 'kubernetes' };
    this.upgradeMode = options.spec.upgradeMode ?? 'last-state';
    this.kube = options.kube;
    this.kubectl = options.kubectl ?? 'kubectl';
    this.runId = options.runId;
    this.images = options.images;
    if (options.userFlinkDeployment) this.userFlinkDeployment = options.userFlinkDeployment;
    this.namespace = namespaceName(options.runId, options.spec.name);
    this.labels = { [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: options.runId, [DEPLOYMENT_LABEL]: options.spec.name };
  }

  static async start(options: OperatorDeploymentOptions): Promise<OperatorDeployment> {
    const deployment = new OperatorDeployment(options);
    try {
      await deployment.startInfrastructure();
      deployment.generationStartedFrom = deployment.spec.initialRestore?.kind === 'none' ? undefined : deployment.spec.initialRestore;
      await deployment.applyResource();
      await deployment.awaitNewJob('the first job');
      // The first job's faults and steps come next, some straight through Flink's REST: the operator sees it running first.
      await deployment.operatorCaughtUp();
    } catch (error) {
      // What the operator and the pods said is the evidence of a start that never finished.
      if (error instanceof Error) Object.assign(error, { diagnostics: await deployment.collectDiagnostics().catch(() => ({})) });
      await deployment.dispose();
      throw error;
    }
    return deployment;
  }

  get jobId(): string {
    if (!this.currentJobId) throw new Error(`${this.spec.name} has no running job`);
    return this.currentJobId;
  }

  get generation(): number {
    return this.generationNumber;
  }

  // ---- what a user does to the FlinkDeployment -------------------------------------------------

  async suspend(): Promise<PlatformChange> {
    await this.operatorCaughtUp();
    const requestedAt = Date.now();
    this.changeRequestedAt = requestedAt;
    this.state = 'suspended';
    await this.applyResource();
    progress(`${this.spec.name}: set spec.job.state to suspended (upgradeMode ${this.upgradeMode})`);
    const effectiveAt = await this.awaitOldClusterGone('the suspend');
    this.haAtLastStop = await this.haLeftAtStop();
    // Done only once the operator recorded the suspend it carried out: a spec change before that
    // races its status update (1.7 then loses the suspend and "recovers" a job it had stopped).
    // Operator 1.3.0 writes no lifecycleState: there, a deployed reconciliation of the suspended spec says the same.
    await waitFor('the operator to record the job suspended', async () => {
      const status = await this.status();
      const stopped = status.lifecycleState === undefined ? status.reconciliationStatus?.state === 'DEPLOYED' : status.lifecycleState === 'SUSPENDED';
      return stopped && lastReconciledJobState(status) === 'suspended' ? true : undefined;
    }, { timeoutMs: STOP_TIMEOUT_MS });
    return { requestedAt, effectiveAt };
  }

  async upgrade(changes: Partial<DeploymentSpec>, options: { duringUpgrade?: () => Promise<void>; onceNewClusterCreated?: () => Promise<void>; amendsPrevious?: boolean } = {}): Promise<PlatformChange> {
    await this.operatorCaughtUp();
    const requestedAt = Date.now();
    if (options.amendsPrevious) {
      // The job already stopped for the change this one amends: that stop, and its savepoint, stay the record.
      this.spec = { ...this.spec, ...changes };
      await this.applyResource();
      progress(`${this.spec.name}: changed the FlinkDeployment's spec again (${describeChanges(changes)})`);
      return { requestedAt, effectiveAt: requestedAt };
    }
    this.changeRequestedAt = requestedAt;
    this.spec = { ...this.spec, ...changes };
    await this.applyResource();
    progress(`${this.spec.name}: changed the FlinkDeployment's spec (${describeChanges(changes)}); the operator upgrades in ${this.upgradeMode} mode`);
    if (options.duringUpgrade) {
      await waitFor('the operator to start the upgrade', async () => {
        const status = await this.status();
        return status.reconciliationStatus?.state === 'UPGRADING' || status.lifecycleState === 'UPGRADING' ? true : undefined;
      }, { timeoutMs: STOP_TIMEOUT_MS });
      await options.duringUpgrade();
    }
    const oldJobManager = this.jobManagerPodUid;
    const effectiveAt = await this.awaitOldClusterGone('the upgrade');
    // At once: the operator starts the new cluster next, and its JobManager recovers from these.
    this.haAtLastStop = await this.haLeftAtStop();
    if (options.onceNewClusterCreated) {
      // The pod appears as soon as the operator created the JobManager's Deployment; its JVM takes
      // seconds more to start and recover the job.
      await waitFor('the operator to create the new JobManager', async () =>
        ((await this.kube.pods(this.namespace, `app=${CLUSTER_NAME},component=jobmanager`)).some((p) => p.metadata?.uid !== oldJobManager && !p.metadata?.deletionTimestamp) ? true : undefined),
      { timeoutMs: STARTUP_TIMEOUT_MS, intervalMs: 100 });
      await options.onceNewClusterCreated();
    }
    return { requestedAt, effectiveAt };
  }

  async triggerSavepoint(): Promise<{ path: string; recordedAt: number }> {
    await this.operatorCaughtUp();
    const nonce = Date.now();
    this.savepointNonce = nonce;
    await this.applyResource();
    progress(`${this.spec.name}: set spec.job.savepointTriggerNonce to ${nonce}`);
    return waitFor('the operator to record the savepoint it was asked for', async () => {
      const last = (await this.status()).jobStatus?.savepointInfo?.lastSavepoint;
      return last?.triggerNonce === nonce && last.location ? { path: last.location, recordedAt: last.timeStamp ?? Date.now() } : undefined;
    }, { timeoutMs: STOP_TIMEOUT_MS });
  }

  /**
   * Brings the job back the operator's way: a suspended job is set running (with `changes`); after an
   * upgrade or a failure the operator is already at work. Resolves once a new cluster runs the job.
   */
  async resume(changes: Partial<DeploymentSpec> = {}): Promise<void> {
    const changed = Object.keys(changes).length > 0;
    if (this.state === 'suspended' || changed) {
      this.state = 'running';
      this.spec = { ...this.spec, ...changes };
      await this.applyResource();
      progress(`${this.spec.name}: set spec.job.state to running${changed ? ` with ${describeChanges(changes)}` : ''}`);
    }
    await this.awaitNewJob('the resumed job');
    // Flink's REST says the job runs again, which is all observing its restore needs; the operator
    // reports it a few seconds later (its observer polls), awaited before the next change or fault.
    this.operatorSeesJob = this.awaitOperatorSeesJob(this.currentJobId);
    this.operatorSeesJob.catch(() => undefined);
  }

  /**
   * Resolves once the operator's status reports the current job RUNNING. Every change to the
   * resource and every fault waits for it first: a suspend or upgrade the operator carries out
   * before then finds the job "unhealthy" and falls back to last-state instead of taking a savepoint.
   */
  private async operatorCaughtUp(): Promise<void> {
    this.operatorSeesJob ??= this.awaitOperatorSeesJob(this.currentJobId);
    await this.operatorSeesJob;
  }

  private async awaitOperatorSeesJob(jobId: string): Promise<void> {
    await waitFor(`the operator to report job ${jobId} running`, async () => {
      await this.checkAlive();
      const status = await this.status();
      return status.jobStatus?.state === 'RUNNING' && status.jobStatus.jobId === jobId ? true : undefined;
    }, { timeoutMs: STARTUP_TIMEOUT_MS });
  }

  async killController(): Promise<number> {
    await this.operatorCaughtUp();
    const pods = await this.livePods(OPERATOR_POD_SELECTOR);
    if (!pods[0]) throw new Error(`no operator pod in ${this.namespace}`);
    Object.assign(this.retiredLogs, await podLogs(this.kube, this.namespace, pods[0], 'killed-'));
    await this.kube.core.deleteNamespacedPod({ namespace: this.namespace, name: pods[0].metadata!.name!, gracePeriodSeconds: 0 });
    return Date.now();
  }

  async replaceController(image?: string): Promise<{ image: string }> {
    await this.operatorCaughtUp();
    const pods = await this.livePods(OPERATOR_POD_SELECTOR);
    for (const pod of pods) Object.assign(this.retiredLogs, await podLogs(this.kube, this.namespace, pod, 'replaced-'));
    if (image && image !== this.images.operator) {
      this.images = { ...this.images, operator: image };
      await this.kube.apply(renderOperatorManifest(this.namespace, image, this.labels));
      progress(`${this.spec.name}: upgrading the operator to ${image}`);
    } else {
      for (const pod of pods) await this.kube.deletePod(this.namespace, pod.metadata!.name!);
      progress(`${this.spec.name}: restarting the operator (${this.images.operator})`);
    }
    const old = new Set(pods.map((p) => p.metadata!.uid));
    await waitFor('the new operator to be ready', async () => {
      const ready = (await this.livePods(OPERATOR_POD_SELECTOR)).find((p) => !old.has(p.metadata!.uid) && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready ? true : undefined;
    }, { timeoutMs: STARTUP_TIMEOUT_MS });
    return { image: this.images.operator };
  }

  async awaitRollback(timeoutMs: number): Promise<{ decided: boolean; rollingBackAt?: number; state?: string }> {
    let logLookedAt = 0;
    let state: string | undefined;
    try {
      return await waitFor('the operator to roll the upgrade back or to say it will not', async () => {
        state = (await this.status()).reconciliationStatus?.state;
        if (state === 'ROLLING_BACK' || state === 'ROLLED_BACK') {
          progress(`${this.spec.name}: the operator rolls the upgrade back (reconciliationStatus.state ${state})`);
          return { decided: true, rollingBackAt: Date.now(), state };
        }
        if (Date.now() - logLookedAt < RESTARTED_LOG_EVERY_MS) return undefined;
        logLookedAt = Date.now();
        const refusal = (await this.operatorLog()).split('\n').find((line) => ROLLBACK_REFUSED.test(line));
        if (refusal) throw new JobWillNotRunError(`the operator will not roll back ${this.spec.name}'s upgrade, whose JobManager never started, and nothing else brings the job back: ${refusal.replace(/^.*?(Rollback is not possible)/, '$1').trim()}`);
        return undefined;
      }, { timeoutMs, intervalMs: 1_000 });
    } catch (error) {
      if (error instanceof WaitTimeoutError) return { decided: false, ...(state ? { state } : {}) };
      throw error;
    }
  }

  async awaitUnschedulableJobManager(timeoutMs: number): Promise<string> {
    return waitFor('a JobManager pod the cluster cannot schedule', async () => {
      const pod = (await this.livePods(`app=${CLUSTER_NAME},component=jobmanager`)).find((p) =>
        p.status?.phase === 'Pending' && p.status.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'));
      return pod?.metadata?.name;
    }, { timeoutMs });
  }

  async awaitUnschedulableJobManagerReplaced(pod: string, changedAt: number, timeoutMs: number): Promise<{ replacedAt: number }> {
    let logLookedAt = 0;
    return waitFor(`the operator to replace the JobManager pod ${pod}`, async () => {
      if (!(await this.livePods(`app=${CLUSTER_NAME},component=jobmanager`)).some((p) => p.metadata?.name === pod)) return { replacedAt: Date.now() };
      if (Date.now() - logLookedAt < RESTARTED_LOG_EVERY_MS) return undefined;
      logLookedAt = Date.now();
      // Only lines logged after the change count (the operator may have waited before it, too), and
      // only a wait it repeated on a later reconciliation: a single one could be a passing state.
      const waits = (await this.operatorLog()).split('\n').filter((line) => WAITING_FOR_UPGRADEABLE.test(line) && logLineTime(line) > changedAt + CLOCK_SLACK_MS);
      const waiting = waits.length >= 2 ? waits.at(-1) : undefined;
      if (waiting) throw new JobWillNotRunError(`the operator keeps ${this.spec.name}'s JobManager that can never start and waits instead of upgrading from the savepoint it recorded: ${waiting.replace(/^.*?(Job is not running)/, '$1').trim()}`);
      return undefined;
    }, { timeoutMs, intervalMs: 1_000 });
  }

  /** The running operator's log (empty when it cannot be read). */
  private async operatorLog(): Promise<string> {
    const pod = (await this.livePods(OPERATOR_POD_SELECTOR).catch(() => []))[0];
    return pod ? this.kube.podLog(this.namespace, pod.metadata!.name!, 'flink-operator').catch(() => '') : '';
  }

  // ---- faults on the pods ----------------------------------------------------------------------

  async killTaskManager(index = 0): Promise<number> {
    await this.operatorCaughtUp();
    const pods = (await this.livePods(`app=${CLUSTER_NAME},component=taskmanager`)).sort(byName);
    const pod = pods[index];
    if (!pod) throw new Error(`no TaskManager ${index} in ${this.namespace} (found ${pods.length})`);
    const killedAt = await killJvmInPod(this.kube, this.namespace, pod, 'flink-main-container');
    progress(`${this.spec.name}: killed the TaskManager JVM in ${pod.metadata!.name} (SIGKILL); the kubelet restarts the container in place`);
    return killedAt;
  }

  async killJobManager(): Promise<number> {
    await this.operatorCaughtUp();
    const pod = await this.jobManagerPod();
    const killedAt = await killJvmInPod(this.kube, this.namespace, pod, 'flink-main-container');
    progress(`${this.spec.name}: killed the JobManager JVM in ${pod.metadata!.name} (SIGKILL); the kubelet restarts the container in place`);
    return killedAt;
  }

  async replaceJobManager(): Promise<number> {
    await this.operatorCaughtUp();
    const pod = await this.jobManagerPod();
    const killedAt = await killJvmInPod(this.kube, this.namespace, pod, 'flink-main-container', { awaitRestart: false });
    await this.kube.deletePod(this.namespace, pod.metadata!.name!);
    progress(`${this.spec.name}: killed the JobManager JVM and deleted its pod ${pod.metadata!.name}; its Deployment starts a new one`);
    return killedAt;
  }

  async stopStorage(): Promise<void> {
    await this.operatorCaughtUp();
    return stopStorage(this.kube, this.namespace, this.spec.name);
  }

  startStorage(): Promise<void> {
    return startStorage(this.kube, this.namespace, this.spec.name);
  }

  async haConfigMaps(): Promise<V1ConfigMap[]> {
    return this.kube.configMaps(this.namespace, `app=${CLUSTER_NAME},${FLINK_HA_LABELS}`);
  }

  async haCheckpointIds(): Promise<number[]> {
    return haCheckpointIdsIn(await this.haConfigMaps());
  }

  /**
   * The HA ConfigMaps as the stopped JobManager left them, read once its pod is gone. Only
   * last-state keeps them for the next job: savepoint mode stops the job with a savepoint
   * (FINISHED), stateless cancels it (CANCELED), and Flink removes a globally terminated job's HA data.
   */
  private async haLeftAtStop(): Promise<HaReading> {
    if (this.spec.highAvailability === 'none') return haNotApplicable('high availability is off');
    if (this.upgradeMode !== 'last-state') {
      const end = this.upgradeMode === 'savepoint' ? 'a stop-with-savepoint (FINISHED)' : 'a cancel (CANCELED)';
      return haNotApplicable(`upgradeMode ${this.upgradeMode} ends the job with ${end}, a globally terminal state: Flink removes its HA data, so the next job restores what the operator hands it`);
    }
    return readHaStore(this);
  }

  async deleteHaMetadata(scope: HaMetadataScope = 'all'): Promise<string[]> {
    await this.operatorCaughtUp();
    return deleteHaConfigMaps(this.kube, this.namespace, haConfigMapsIn(await this.haConfigMaps(), scope), this.spec.name);
  }

  // ---- the platform's own account --------------------------------------------------------------

  async currentJobManagerLog(): Promise<string> {
    const pod = await this.jobManagerPod();
    return this.kube.podLog(this.namespace, pod.metadata!.name!, 'flink-main-container');
  }

  /**
   * What the operator's status says of the savepoint it took to stop the job for the last suspend or
   * upgrade, which it started the next job from: taken, none (it used last-state or stateless), or
   * unknown (see stopSavepointRecord). Read once the next job runs, when the status holds the change.
   */
  async recordedRestoreSource(): Promise<StopSavepointRecord | undefined> {
    if (this.changeRequestedAt === undefined) return undefined;
    return stopSavepointRecord(await this.status(), this.changeRequestedAt, CLOCK_SLACK_MS);
  }

  /** The FlinkDeployment's status as the operator last wrote it. */
  async status(): Promise<FlinkDeploymentStatus> {
    return (await readFlinkDeployment(this.kube, this.namespace, CLUSTER_NAME))?.status ?? {};
  }

  /**
   * Throws when the job will not come back by itself: its JobManager crash-loops, or the operator
   * reports a RecoveryFailureException (its word for "manual restore required", e.g. last-state
   * without HA metadata).
   */
  async checkAlive(): Promise<void> {
    const error = (await this.status().catch(() => ({} as FlinkDeploymentStatus))).error;
    if (error?.includes('RecoveryFailureException')) {
      const message = (JSON.parse(error) as { message?: string }).message ?? error;
      throw new JobManagerExitedError(`the operator gave up restoring ${this.spec.name}: ${message.trim()}`);
    }
    for (const pod of await this.livePods(`app=${CLUSTER_NAME},component=jobmanager`)) {
      const status = pod.status?.containerStatuses?.find((c) => c.name === 'flink-main-container');
      if (status?.state?.waiting?.reason === 'CrashLoopBackOff' && (status.restartCount ?? 0) >= CRASH_LOOP_RESTARTS) {
        const log = await this.kube.podLog(this.namespace, pod.metadata!.name!, 'flink-main-container', true).catch(() => '');
        const cause = rootCauseLine(log);
        throw new JobManagerExitedError(`the JobManager of ${this.spec.name} keeps exiting (${status.restartCount} restarts, CrashLoopBackOff)${cause ? `: ${cause}` : ''}`);
      }
      if ((status?.restartCount ?? 0) > 0 && status?.state?.running) await this.checkRestartedJobManagerRunsTheJob(pod);
    }
  }

  /** When the last look at a restarted JobManager's log was, by pod uid: its log is read at most every few seconds. */
  private readonly restartedLogLookedAt = new Map<string, number>();

  /**
   * A JobManager whose process exited (a fatal error) and came back finds the job in its job result
   * store as globally terminal and ignores it ("Ignoring JobGraph submission ... already reached a
   * globally-terminal state"): this cluster will never run the job again.
   */
  private async checkRestartedJobManagerRunsTheJob(pod: V1Pod): Promise<void> {
    const uid = pod.metadata!.uid!;
    if (Date.now() - (this.restartedLogLookedAt.get(uid) ?? 0) < RESTARTED_LOG_EVERY_MS) return;
    this.restartedLogLookedAt.set(uid, Date.now());
    const log = await this.kube.podLog(this.namespace, pod.metadata!.name!, 'flink-main-container').catch(() => '');
    const ignored = log.split('\n').find((line) => /Ignoring JobGraph submission .* because the job already reached a globally-terminal state/.test(line));
    if (!ignored) return;
    const previous = await this.kube.podLog(this.namespace, pod.metadata!.name!, 'flink-main-container', true).catch(() => '');
    const cause = rootCauseLine(previous);
    throw new JobWillNotRunError(`the job of ${this.spec.name} will not run: its JobManager exited${cause ? ` (${cause})` : ''} and, restarted, ignores the job: ${ignored.replace(/^.*?(Ignoring JobGraph)/, '$1').trim()}`);
  }

  async collectDiagnostics(): Promise<Record<string, string>> {
    const diagnostics: Record<string, string> = { ...this.retiredLogs, ...(await namespaceDiagnostics(this.kube, this.namespace)) };
    diagnostics['ha-configmaps'] = await haConfigMapsText(this.haConfigMaps());
    diagnostics['flinkdeployment-status'] = JSON.stringify(await this.status().catch((error: Error) => ({ unreadable: error.message })), null, 2);
    return diagnostics;
  }

  async dispose(): Promise<string[]> {
    const problems: string[] = [];
    await this.restForward?.close().catch(() => undefined);
    await this.storageForward?.close().catch(() => undefined);
    // The operator's finalizer on the FlinkDeployment would hold the namespace's deletion once the
    // operator is gone with it: delete the resource while the operator still runs, then the namespace.
    await this.deleteResource().catch((error: Error) => problems.push(`deleting the FlinkDeployment: ${error.message}`));
    await this.kube.deleteOwnedNamespace(this.namespace, { wait: false }).catch((error: Error) => problems.push(`deleting namespace ${this.namespace}: ${error.message}`));
    return problems;
  }

  /**
   * Closes the port-forwards and detaches the namespace from this process: the operator, its
   * FlinkDeployment and MinIO stay until `frh sweep`. Says how to reach them.
   */
  async keep(): Promise<KeptPlace> {
    await this.restForward?.close().catch(() => undefined);
    await this.storageForward?.close().catch(() => undefined);
    await this.kube.keepNamespace(this.namespace);
    const flinkPods = `-l app=${CLUSTER_NAME}`;
    return {
      platform: this.platform,
      where: `Kubernetes namespace ${this.namespace} (FlinkDeployment ${CLUSTER_NAME}, its own operator)`,
      access: kubernetesKeptAccess({
        kubectl: this.kubectl,
        namespace: this.namespace,
        // Flink's native Kubernetes integration names the REST Service after the cluster-id.
        restService: `${CLUSTER_NAME}-rest`,
        ...(await minioConsolePortIn(this.kube, this.namespace)),
        commands: [
          { what: 'JobManager log', args: `logs ${flinkPods},component=jobmanager -c flink-main-container --tail=-1` },
          { what: 'TaskManager logs', args: `logs ${flinkPods},component=taskmanager -c flink-main-container --prefix --tail=-1` },
          { what: 'operator log', args: `logs deploy/${OPERATOR_DEPLOYMENT}` },
          { what: 'MinIO log', args: 'logs deploy/minio' },
          { what: 'FlinkDeployment and its status', args: `get flinkdeployment ${CLUSTER_NAME} -o yaml` },
        ],
      }),
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  // ---- inside ----------------------------------------------------------------------------------

  private async startInfrastructure(): Promise<void> {
    progress(`${this.spec.name}: creating namespace ${this.namespace} with MinIO, Flink's HA role and the Flink Kubernetes Operator (${this.images.operator})`);
    await this.kube.createOwnedNamespace(this.namespace, this.runId);
    if (this.images.operatorVersion) {
      const crdVersion = this.images.crdVersion ?? this.images.operatorVersion;
      const created = await applyMissingCrds(this.kube, readOperatorCrds(crdVersion), this.labels, crdVersion);
      if (created.length > 0) progress(`${this.spec.name}: created the operator's CRDs ${created.join(', ')}`);
    }
    await this.kube.apply([
      ...renderManifest('flink-rbac', { NAMESPACE: this.namespace }, this.labels),
      ...renderManifest('minio', {
        NAMESPACE: this.namespace, MINIO_IMAGE: this.images.minio, S3_ACCESS_KEY: S3_CREDENTIALS.accessKey, S3_SECRET_KEY: S3_CREDENTIALS.secretKey, STORAGE_SIZE: '1Gi',
      }, this.labels),
      ...renderOperatorManifest(this.namespace, this.images.operator, this.labels),
    ]);
    await Promise.all([
      this.kube.waitForDeploymentReady(this.namespace, 'minio', STARTUP_TIMEOUT_MS),
      this.kube.waitForDeploymentReady(this.namespace, OPERATOR_DEPLOYMENT, STARTUP_TIMEOUT_MS),
    ]);
    this.storageForward = await this.kube.portForwardToSelector(this.namespace, 'app=minio', 9000);
    const endpoint = `http://127.0.0.1:${this.storageForward.localPort}`;
    this.s3 = createS3Client({ endpoint, ...S3_CREDENTIALS });
    this.storage = new StorageInspector(this.s3);
    await ensureBucket(this.s3, BUCKET);
    this.restForward = await this.kube.portForwardToSelector(this.namespace, `app=${CLUSTER_NAME},component=jobmanager`, 8081);
    this.rest.setBaseUrl(`http://127.0.0.1:${this.restForward.localPort}`);
  }

  /**
   * Server-side applies the FlinkDeployment as the harness wants it now (the harness owns its spec):
   * its own, or the user's with the run's needs applied; the first apply's overrides are the user's.
   */
  private async applyResource(): Promise<void> {
    const own = this.ownResource();
    if (!this.userFlinkDeployment) {
      await this.kube.apply([own]);
      return;
    }
    const merged = mergeUserFlinkDeployment(this.userFlinkDeployment, own);
    if (this.generationNumber === 0 && this.changeRequestedAt === undefined) {
      this.resourceOverrides = merged.resourceOverrides;
      this.configOverrides = merged.configOverrides;
    }
    await this.kube.apply([merged.resource]);
  }

  private ownResource(): ReturnType<typeof flinkDeploymentObject> {
    return flinkDeploymentObject({
      name: CLUSTER_NAME,
      namespace: this.namespace,
      spec: this.spec,
      paths: this.paths,
      upgradeMode: this.upgradeMode,
      image: this.images.flink(this.spec.flinkVersion),
      s3: { endpoint: `http://minio.${this.namespace}.svc:9000`, ...S3_CREDENTIALS },
      state: this.state,
      ...(this.savepointNonce !== undefined ? { savepointTriggerNonce: this.savepointNonce } : {}),
      labels: this.labels,
    }, newestFlinkVersionKnown(this.images.operatorVersion));
  }

  /**
   * Waits until a JobManager pod other than the last one runs the job, its TaskManagers registered;
   * the job id comes from Flink (the operator may keep it across an upgrade or make a new one).
   */
  private async awaitNewJob(what: string): Promise<void> {
    const previousPod = this.jobManagerPodUid;
    const { jobId, podUid } = await waitFor(`${what} to run under the operator`, async () => {
      await this.checkAlive();
      const pod = (await this.livePods(`app=${CLUSTER_NAME},component=jobmanager`)).find((p) => p.status?.phase === 'Running' && p.metadata?.uid !== previousPod);
      if (!pod) return undefined;
      const overview = await this.rest.overview().catch(() => undefined);
      if (!overview || overview.taskmanagers < this.spec.taskManagers) return undefined;
      const job = (await this.rest.jobs().catch(() => []))[0];
      return job && job.state === 'RUNNING' ? { jobId: job.jid, podUid: pod.metadata!.uid! } : undefined;
    }, { timeoutMs: STARTUP_TIMEOUT_MS });
    // The operator has yet to see this job: operatorCaughtUp waits for it.
    this.operatorSeesJob = undefined;
    this.jobManagerPodUid = podUid;
    this.currentJobId = jobId;
    this.generationNumber += 1;
    if (!this.lineageJobIds.includes(jobId)) this.lineageJobIds.push(jobId);
    progress(`${this.spec.name}: the operator runs job ${jobId} (cluster ${this.generationNumber} of this deployment)`);
  }

  /** Resolves to when the JobManager pod of the running job was gone (its process certainly ended). */
  private async awaitOldClusterGone(what: string): Promise<number> {
    const uid = this.jobManagerPodUid;
    const pods = await this.kube.pods(this.namespace, `app=${CLUSTER_NAME}`);
    for (const pod of pods) Object.assign(this.retiredLogs, await podLogs(this.kube, this.namespace, pod, `cluster-${this.generationNumber}-`));
    let logsAtDeletion = false;
    await waitFor(`the operator to stop the old cluster for ${what}`, async () => {
      const old = (await this.kube.pods(this.namespace, `app=${CLUSTER_NAME},component=jobmanager`)).find((p) => p.metadata?.uid === uid);
      if (!old) return true;
      // Its log once the operator deletes it holds how the job was stopped (savepoint, cancel); read
      // once, so the poll keeps timing the pod's end instead of reading logs.
      if (old.metadata?.deletionTimestamp && !logsAtDeletion) {
        logsAtDeletion = true;
        Object.assign(this.retiredLogs, await podLogs(this.kube, this.namespace, old, `cluster-${this.generationNumber}-`));
      }
      return undefined;
    }, { timeoutMs: STOP_TIMEOUT_MS });
    return Date.now();
  }

  private async deleteResource(): Promise<void> {
    await deleteFlinkDeployment(this.kube, this.namespace, CLUSTER_NAME);
    const gone = await waitFor('the operator to clean up the FlinkDeployment', async () =>
      ((await readFlinkDeployment(this.kube, this.namespace, CLUSTER_NAME)) ? undefined : true), { timeoutMs: 60_000 }).catch(() => false);
    // No operator left to remove its finalizer: drop it, so the namespace can go.
    if (!gone) await removeFinalizers(this.kube, this.namespace, CLUSTER_NAME);
  }

  private async jobManagerPod(): Promise<V1Pod> {
    const pods = await this.livePods(`app=${CLUSTER_NAME},component=jobmanager`);
    if (!pods[0]) throw new Error(`no JobManager pod in ${this.namespace}`);
    return pods[0];
  }

  private async livePods(selector: string): Promise<V1Pod[]> {
    return (await this.kube.pods(this.namespace, selector)).filter((pod) => !pod.metadata?.deletionTimestamp);
  }
}

function describeChanges(changes: Partial<DeploymentSpec>): string {
  return Object.entries(changes).map(([key, value]) => `${key} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`).join(', ') || 'no change';
}

function byName(a: V1Pod, b: V1Pod): number {
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}
