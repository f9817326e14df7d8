// One deployment driven by a team's own pipeline: the harness creates (and owns) a namespace, runs the
// pipeline's commands in it (contract.ts) and only observes what they made, with the Kubernetes
// platform's observers: Flink's REST API and the storage through port-forwards, the HA ConfigMaps,
// the pods' logs and events. A fault the pipeline declares is its command; one it does not declare is
// an ability this deployment lacks (platform.ts), so a scenario that needs it is skipped beforehand.
import type { V1Pod } from '@kubernetes/client-node';
import { ensureBucket } from '../../storage/s3.ts';
import { describeRestorePoint, type RestorePoint } from '../../oracle/snapshot.ts';
import type { DeploymentSpec, UpgradeMode } from '../deployment-spec.ts';
import { MissingAbilityError } from '../../faults/fault.ts';
import { haNotApplicable, readHaStore, type HaMetadataScope, type KeptPlace, type PlatformChange } from '../platform.ts';
import type { StopSavepointRecord } from '../../oracle/snapshot.ts';
import { kubernetesKeptAccess } from '../kept.ts';
import { BUCKET, GenerationalDeployment, S3_CREDENTIALS, generationIdentity, type Generation } from '../generations.ts';
import { Kube, type PortForwardHandle } from '../../k8s/kube.ts';
import { FLINK_HA_LABELS, closeForwards, deleteNamespaceOf, deploymentDiagnostics, haCheckpointIdsIn, keepNamespaceOf, throwIfJobManagerCrashLoops } from '../on-cluster/namespace-parts.ts';
import { commandEnvironment as resumeCommandEnvironment, restorePointAt } from '../resume/command.ts';
import { progress } from '../../support/progress.ts';
import { waitFor } from '../../support/wait.ts';
import { CommandFiles, commandEnvironment, mergeOutputs, PipelineCommandError, requiredFlinkConfig, runPipelineCommand, type Endpoint, type PipelineOutputs } from './contract.ts';
import { FAULT_ABILITIES, type PipelineFault, type PipelineFile } from './pipeline-file.ts';

const JOB_TIMEOUT_MS = 240_000;
/** Flink notices a lost TaskManager by its heartbeat timeout (10 s, flink-config.ts) at the latest. */
const NOTICE_TIMEOUT_MS = 60_000;
/** Flink job states after which a job is over; a resumed job is a new one that is not. */
const ENDED = new Set(['CANCELED', 'FINISHED', 'FAILED']);

export interface PipelineDeploymentOptions {
  kube: Kube;
  cluster: { kubeconfig: string; context?: string };
  /** `kubectl` aimed at the cluster, quoted in a kept deployment's instructions. */
  kubectl: string;
  runId: string;
  spec: DeploymentSpec;
  pipeline: PipelineFile;
  namespace: string;
  images: { flink: (flinkVersion: string) => string; storage: string; load?: (images: string[]) => Promise<void> };
}

type PipelineGeneration = Generation;

/** A deployment of the team's pipeline; create it with `PipelineDeployment.start`. */
export class PipelineDeployment extends GenerationalDeployment<PipelineGeneration> {
  readonly platform = 'pipeline';
  readonly namespace: string;
  readonly pipeline: PipelineFile;

  // The fault abilities (platform.ts), present only when the pipeline declares their commands.
  killTaskManager?: (index?: number) => Promise<number>;
  killJobManager?: () => Promise<number>;
  replaceJobManager?: () => Promise<number>;
  deleteHaMetadata?: (scope?: HaMetadataScope) => Promise<string[]>;
  stopStorage?: () => Promise<void>;
  startStorage?: () => Promise<void>;
  // Stopping the job through the pipeline (ReconcilesJobSpec's suspend and upgrade), present only
  // when it declares those commands; what the next job restores is restores.stop.
  upgradeMode?: UpgradeMode;
  suspend?: () => Promise<PlatformChange>;
  upgrade?: (changes: Partial<DeploymentSpec>) => Promise<PlatformChange>;
  recordedRestoreSource?: () => Promise<StopSavepointRecord | undefined>;

  private readonly options: PipelineDeploymentOptions;
  private readonly kube: Kube;
  private files?: CommandFiles;
  private outputs: PipelineOutputs = {};
  private restForward?: PortForwardHandle;
  private storageForward?: PortForwardHandle;
  /** Every command's log, in order, as evidence. */
  private readonly commandLogs: Record<string, string> = {};
  private step = 0;
  /** The last suspend or upgrade: which command, and the generation an upgrade already started. */
  private stopped?: { by: 'suspend' | 'upgrade'; next?: { number: number; clusterId: string; jobId?: string; declaredJobId?: string }; savepoint?: string };
  /** The endpoints the forwards and clients point at now (as the outputs gave them). */
  private readonly reached: { rest?: string; storage?: string } = {};

  private constructor(options: PipelineDeploymentOptions) {
    // The pipeline runs on Kubernetes: HA, when asked for, is Kubernetes HA.
    super(options.spec.highAvailability === 'none' ? options.spec : { ...options.spec, highAvailability: 'kubernetes' });
    this.options = options;
    this.kube = options.kube;
    this.namespace = options.namespace;
    this.pipeline = options.pipeline;
    for (const [fault, ability] of Object.entries(FAULT_ABILITIES) as Array<[PipelineFault, keyof FaultMethods]>) {
      if (options.pipeline.faults[fault] !== undefined) Object.assign(this, { [ability]: this.faultMethod(fault) });
    }
    const { suspend, upgrade } = options.pipeline.commands;
    if (suspend !== undefined && upgrade !== undefined) {
      this.upgradeMode = options.pipeline.stopRestores === 'savepoint' ? 'savepoint' : 'last-state';
      this.suspend = () => this.stopThroughPipeline('suspend', suspend);
      this.upgrade = (changes) => this.stopThroughPipeline('upgrade', upgrade, changes);
      if (this.upgradeMode === 'savepoint') this.recordedRestoreSource = async () => this.stopRecord();
    }
  }

  /** Creates the namespace and runs the pipeline's deploy; on failure runs its delete and removes the namespace. */
  static async start(options: PipelineDeploymentOptions): Promise<PipelineDeployment> {
    const deployment = new PipelineDeployment(options);
    await deployment.boot();
    return deployment;
  }

  /**
   * Brings an ended job back the pipeline's way: once Flink finished cleaning up the ended job, its
   * `resume` command runs with the resume command's environment and decides what to restore; the
   * harness records what it says it chose and learns what was restored from the witnesses.
   */
  override async resume(changes: Partial<DeploymentSpec> = {}): Promise<void> {
    const previous = this.requireGeneration();
    const upgraded = this.stopped?.by === 'upgrade' ? this.stopped.next : undefined;
    if (upgraded) {
      // The upgrade command already started the next generation: what remains is to find its job.
      await this.attach(upgraded.number, upgraded.clusterId, { declared: upgraded.declaredJobId, suggested: upgraded.jobId });
      return;
    }
    const resume = this.pipeline.commands.resume;
    if (!resume) throw new MissingAbilityError('resume', this.platform, `resume an ended job (${this.pipeline.file} declares no commands.resume)`);
    await this.awaitCleanupOfEndedJob(previous);
    this.spec = { ...this.spec, ...changes };
    const number = previous.number + 1;
    // After a last-state suspend the next cluster recovers the job from the HA data the stop kept.
    const { clusterId, fixedJobId } = this.stopped?.by === 'suspend' && this.upgradeMode === 'last-state'
      ? { clusterId: previous.clusterId, fixedJobId: previous.jobId }
      : generationIdentity(this.spec, number);
    const extra = resumeCommandEnvironment({
      deployment: this.spec.name, storage: this.storage, paths: this.paths, s3: { endpoint: this.storageEndpoint, ...S3_CREDENTIALS },
      lineageJobIds: [...this.lineageJobIds], ...(this.spec.initialRestore ? { initialRestore: this.spec.initialRestore } : {}),
      clusterId, nextGeneration: number, namespace: this.namespace,
    });
    if (this.stopped) Object.assign(extra, { FRH_STOPPED_BY: this.stopped.by, ...(this.stopped.savepoint ? { FRH_STOP_SAVEPOINT: this.stopped.savepoint } : {}) });
    const outputs = await this.run('resume', resume, { number, clusterId, ...(fixedJobId ? { jobId: fixedJobId } : {}) }, extra);
    const decidedBy = `the pipeline's resume command "${resume}"`;
    if (outputs.restoredFrom) {
      const chose: RestorePoint = outputs.restoredFrom === 'none' ? { kind: 'none' } : await restorePointAt(this, outputs.restoredFrom);
      this.resumeChoice = { decidedBy, chose };
      this.generationStartedFrom = chose.kind === 'none' ? undefined : chose;
      progress(`${this.spec.name}: ${decidedBy} chose ${describeRestorePoint(chose)}`);
    } else {
      this.generationStartedFrom = undefined;
    }
    // The pipeline stops the old cluster and starts the new one in one command: nobody can read the
    // HA store in between (a suspend read it when its job had stopped).
    if (this.stopped?.by !== 'suspend') this.haAtLastStop = haNotApplicable('the pipeline stops the old cluster and starts the next one in one command');
    await this.attach(number, clusterId, { declared: outputs.jobId, suggested: fixedJobId });
  }

  async checkAlive(): Promise<void> {
    const selector = this.jobManagerSelector();
    if (!selector) return;
    const pods = await this.livePods(selector);
    await throwIfJobManagerCrashLoops(this.kube, this.namespace, pods, pods[0]?.spec?.containers[0]?.name ?? 'jobmanager', this.spec.name);
  }

  /** The checkpoint ids the job's HA ConfigMap points to (Flink's Kubernetes HA, labelled with the cluster-id). */
  async haCheckpointIds(): Promise<number[]> {
    return haCheckpointIdsIn(await this.haConfigMaps());
  }

  async collectDiagnostics(): Promise<Record<string, string>> {
    return { ...this.commandLogs, ...(await deploymentDiagnostics(this.kube, this.namespace, this.haConfigMaps(), [this.restForward, this.storageForward])) };
  }

  /** Runs the pipeline's delete (its failure is reported, never thrown), then deletes the namespace. */
  async dispose(): Promise<string[]> {
    const problems: string[] = [];
    await closeForwards(this.restForward, this.storageForward);
    if (this.files) {
      const number = this.current?.number ?? 1;
      await this.run('delete', this.pipeline.commands.delete, { number, clusterId: this.current?.clusterId ?? generationIdentity(this.spec, number).clusterId })
        .catch((error: Error) => problems.push(error.message));
      this.files.remove();
      this.files = undefined;
    }
    this.current = undefined;
    return [...problems, ...await deleteNamespaceOf(this.kube, this.namespace)];
  }

  /** Closes the port-forwards and detaches the namespace from this process (it stays until `frh sweep`). */
  async keep(): Promise<KeptPlace> {
    await keepNamespaceOf(this.kube, this.namespace, [this.restForward, this.storageForward]);
    this.files?.remove();
    this.files = undefined;
    const selector = this.jobManagerSelector();
    return {
      platform: this.platform,
      where: `Kubernetes namespace ${this.namespace} (deployed by ${this.pipeline.file})`,
      access: kubernetesKeptAccess({
        kubectl: this.options.kubectl,
        namespace: this.namespace,
        restService: '<the pipeline\'s REST Service>',
        commands: [
          ...(selector ? [{ what: 'JobManager log', args: `logs -l ${selector} --tail=-1` }] : []),
          { what: 'every pod', args: 'get pods -o wide' },
        ],
      }),
    };
  }

  protected async startInfrastructure(): Promise<void> {
    progress(`${this.spec.name}: creating namespace ${this.namespace} for the pipeline ${this.pipeline.name} (${this.pipeline.file})`);
    await this.kube.createOwnedNamespace(this.namespace, this.options.runId);
    this.files = new CommandFiles(S3_CREDENTIALS, this.options.runId);
    await this.options.images.load?.([this.flinkImage()]);
  }

  protected async startGeneration(number: number, restoreFrom: RestorePoint | undefined): Promise<void> {
    const { clusterId, fixedJobId } = generationIdentity(this.spec, number);
    const extra = restoreFrom && restoreFrom.kind !== 'none' ? { FRH_INITIAL_RESTORE_PATH: restoreFrom.path } : {};
    const outputs = await this.run('deploy', this.pipeline.commands.deploy, { number, clusterId, ...(fixedJobId ? { jobId: fixedJobId } : {}) }, extra);
    if (!this.outputs.rest || !this.outputs.storage) throw new PipelineCommandError(`the pipeline's deploy command wrote no ${this.outputs.rest ? 'storage' : 'rest'}=… line to $FRH_OUTPUT: the harness cannot observe the deployment`);
    await this.attach(number, clusterId, { declared: outputs.jobId, suggested: fixedJobId });
  }

  /** The pipeline's commands stop a generation (resume, suspend, upgrade, delete). */
  protected async stopGeneration(): Promise<void> {}

  protected async jobManagerLog(): Promise<string> {
    const selector = this.jobManagerSelector();
    if (!selector) return '';
    const pods = await this.livePods(selector);
    const logs = await Promise.all(pods.map((pod) => this.kube.podLog(this.namespace, pod.metadata!.name!, pod.spec?.containers[0]?.name ?? 'jobmanager').catch(() => '')));
    return logs.join('\n');
  }

  protected override resumeContextExtras(): { namespace?: string } {
    return { namespace: this.namespace };
  }

  /** Points REST and storage at what the outputs say, then waits until the generation runs its job. */
  private async attach(number: number, clusterId: string, job: { declared?: string | undefined; suggested?: string | undefined }): Promise<void> {
    const outputs = this.outputs;
    // A port-forward already follows the newest pod of its selector: only a changed endpoint needs a new one.
    if (outputs.storage && JSON.stringify(outputs.storage) !== this.reached.storage) {
      const storage = await this.reach(outputs.storage, this.storageForward);
      this.storageForward = storage.forward;
      this.reached.storage = JSON.stringify(outputs.storage);
      this.connectStorage(storage.url);
      // The probe writes its output and reads its fault switch there; the pipeline may have made it already.
      await ensureBucket(this.s3, BUCKET);
    }
    if (JSON.stringify(outputs.rest) !== this.reached.rest) {
      const rest = await this.reach(outputs.rest!, this.restForward);
      this.restForward = rest.forward;
      this.reached.rest = JSON.stringify(outputs.rest);
      this.rest.setBaseUrl(rest.url);
    }
    this.current = { number, clusterId: outputs.clusterId ?? clusterId, jobId: '' };
    this.current.jobId = job.declared ?? await this.newJobId(job.suggested);
    await this.awaitJobOf(this.current);
  }

  /** A URL as given, or a port-forward (replaced when the selector changed) to the newest running pod of a selector. */
  private async reach(endpoint: Endpoint, forward: PortForwardHandle | undefined): Promise<{ url: string; forward?: PortForwardHandle }> {
    if ('url' in endpoint) {
      await forward?.close();
      return { url: endpoint.url };
    }
    await forward?.close();
    await this.kube.readyPod(this.namespace, endpoint.podSelector, JOB_TIMEOUT_MS);
    const opened = await this.kube.portForwardToSelector(this.namespace, endpoint.podSelector, endpoint.port);
    return { url: `http://127.0.0.1:${opened.localPort}`, forward: opened };
  }

  /**
   * The job the pipeline just started, as REST lists it: `suggested` (FRH_JOB_ID, or the job a
   * last-state stop kept) when the pipeline used it, else the one that is neither an earlier
   * generation's nor over.
   */
  private async newJobId(suggested: string | undefined): Promise<string> {
    return waitFor('the job the pipeline started', async () => {
      await this.checkAlive();
      const jobs = (await this.rest.jobs().catch(() => [])).filter((job) => !ENDED.has(job.state));
      if (suggested && jobs.some((job) => job.jid === suggested)) return suggested;
      return jobs.find((job) => !this.lineageJobIds.includes(job.jid))?.jid;
    }, { timeoutMs: JOB_TIMEOUT_MS });
  }

  /** Runs one of the pipeline's commands for generation `number`, keeps its log, merges its outputs. */
  private async run(name: string, command: string, generation: { number: number; clusterId: string; jobId?: string }, extra: NodeJS.ProcessEnv = {}): Promise<PipelineOutputs> {
    const files = this.files;
    if (!files) throw new Error(`${this.spec.name}: the pipeline's files are gone (the deployment was disposed)`);
    this.step += 1;
    const outputFile = files.freshOutput(this.step);
    const env = {
      ...commandEnvironment({
        command: name, runId: this.options.runId, namespace: this.namespace, kubeconfig: this.options.cluster.kubeconfig,
        ...(this.options.cluster.context ? { context: this.options.cluster.context } : {}),
        spec: this.spec, paths: this.paths, generation: generation.number, clusterId: generation.clusterId,
        ...(generation.jobId ? { jobId: generation.jobId } : {}),
        flinkImage: this.flinkImage(), storageImage: this.options.images.storage,
        flinkConfigFile: files.flinkConfig(generation.number, requiredFlinkConfig(this.spec, this.paths, generation.clusterId, this.namespace)),
        credentialsFile: files.credentialsFile, outputFile,
      }),
      ...extra,
    };
    progress(`${this.spec.name}: running the pipeline's ${name} command: ${command}`);
    const key = `pipeline/${String(this.step).padStart(2, '0')}-${name}`;
    try {
      const { outputs, log, durationMs } = await runPipelineCommand({ name, command, cwd: this.pipeline.folder, env, timeoutMs: this.pipeline.commandTimeoutMs });
      this.commandLogs[key] = log;
      progress(`${this.spec.name}: the pipeline's ${name} command took ${(durationMs / 1000).toFixed(1)} s`);
      this.outputs = mergeOutputs(this.outputs, outputs);
      return outputs;
    } catch (error) {
      this.commandLogs[key] = (error as Error).message;
      throw error;
    }
  }

  /**
   * A suspend or an upgrade through the pipeline's own command: it stops the job its way (per
   * restores.stop: keeping the HA data, or with a savepoint it writes as stop-savepoint=…); an
   * upgrade also starts the next generation with `changes`. Resolves once the old JobManager is gone.
   */
  private async stopThroughPipeline(name: 'suspend' | 'upgrade', command: string, changes: Partial<DeploymentSpec> = {}): Promise<PlatformChange> {
    const previous = this.requireGeneration();
    const selector = this.jobManagerSelector();
    const requestedAt = Date.now();
    if (name === 'upgrade') this.spec = { ...this.spec, ...changes };
    const number = name === 'upgrade' ? previous.number + 1 : previous.number;
    const next = this.upgradeMode === 'last-state' ? { number, clusterId: previous.clusterId, jobId: previous.jobId } : { number, ...withJobId(generationIdentity(this.spec, number)) };
    const outputs = await this.run(name, command, next, { FRH_UPGRADE_MODE: this.upgradeMode! });
    this.stopped = { by: name, ...(name === 'upgrade' ? { next: { ...next, ...(outputs.jobId ? { declaredJobId: outputs.jobId } : {}) } } : {}), ...(outputs.stopSavepoint ? { savepoint: outputs.stopSavepoint } : {}) };
    const oldPods = selector ? new Set((await this.livePods(selector)).filter((pod) => name === 'suspend' || pod.metadata?.labels?.generation === String(previous.number)).map((pod) => pod.metadata!.name!)) : new Set<string>();
    await waitFor(`the JobManager of generation ${previous.number} to be gone after the pipeline's ${name}`, async () => {
      const live = selector ? (await this.livePods(selector)).filter((pod) => oldPods.has(pod.metadata!.name!)) : [];
      return live.length === 0 ? true : undefined;
    }, { timeoutMs: JOB_TIMEOUT_MS });
    const effectiveAt = Date.now();
    // A suspend keeps the HA data for the next JobManager: read now, between the two, it is what that one finds.
    if (name === 'suspend') this.haAtLastStop = this.upgradeMode === 'last-state' ? await readHaStore(this) : haNotApplicable('the suspend stopped the job with a savepoint (FINISHED): Flink removed its HA data');
    return { requestedAt, effectiveAt };
  }

  /** What the pipeline said its last stop wrote (stop-savepoint=…), as the savepoint-mode oracle reads a platform's record. */
  private stopRecord(): StopSavepointRecord | undefined {
    if (!this.stopped) return undefined;
    const field = `the pipeline's ${this.stopped.by} command's output stop-savepoint`;
    if (this.stopped.savepoint === undefined) return { savepoint: 'unknown', why: `the pipeline's ${this.stopped.by} command wrote no stop-savepoint=… line` };
    if (this.stopped.savepoint === 'none') return { savepoint: 'none', modeUsed: 'last-state', restoresAs: 'LAST_STATE', field: `${field} = none` };
    return { savepoint: 'taken', path: this.stopped.savepoint, field };
  }

  /** One declared fault as the ability's method: its command has taken effect when it returns. */
  private faultMethod(fault: PipelineFault): FaultMethods[keyof FaultMethods] {
    const command = this.pipeline.faults[fault]!;
    const generation = (): { number: number; clusterId: string; jobId?: string } => {
      const current = this.requireGeneration();
      return { number: current.number, clusterId: current.clusterId, jobId: current.jobId };
    };
    switch (fault) {
      case 'kill-taskmanager':
        return async (index = 0) => this.killed(fault, () => this.run(fault, command, generation(), { FRH_TASKMANAGER_INDEX: String(index) }));
      case 'kill-jobmanager':
      case 'replace-jobmanager':
        return async () => this.killed(fault, () => this.run(fault, command, generation()));
      case 'delete-ha-metadata':
        return async (scope: HaMetadataScope = 'all') => {
          const before = (await this.haConfigMaps()).map((c) => c.metadata!.name!);
          await this.run(fault, command, generation(), { FRH_HA_SCOPE: scope });
          const after = new Set((await this.haConfigMaps()).map((c) => c.metadata!.name!));
          return before.filter((name) => !after.has(name));
        };
      case 'stop-storage':
      case 'start-storage':
        return async () => {
          await this.run(fault, command, generation());
        };
    }
  }

  /**
   * Runs a kill and resolves to when its command returned (the process was dead), but only once Flink
   * noticed: the job left RUNNING, REST went away with its JobManager, or a restore newer than the
   * kill's start is reported. A kill returns before Flink's heartbeats or connections tell it, and a
   * checkpoint of the job still RUNNING in between is no sign it came back empty. (The Kubernetes
   * platform waits for the kubelet to restart the container, which takes longer than Flink needs.)
   */
  private async killed(fault: PipelineFault, kill: () => Promise<unknown>): Promise<number> {
    const jobId = this.requireGeneration().jobId;
    const restoredBefore = (await this.rest.checkpoints(jobId).catch(() => undefined))?.latest?.restored?.restore_timestamp ?? Number.NEGATIVE_INFINITY;
    await kill();
    const killedAt = Date.now();
    await waitFor(`Flink to notice the pipeline's ${fault} (job ${jobId} still RUNNING without a new restore)`, async () => {
      const job = await this.rest.job(jobId, { retries: 0 }).catch(() => undefined);
      if (!job || job.state !== 'RUNNING') return true;
      const restored = (await this.rest.checkpoints(jobId, { retries: 0 }).catch(() => undefined))?.latest?.restored?.restore_timestamp;
      return restored !== undefined && restored > restoredBefore ? true : undefined;
    }, { timeoutMs: NOTICE_TIMEOUT_MS, intervalMs: 100 });
    return killedAt;
  }

  private haConfigMaps() {
    return this.kube.configMaps(this.namespace, `app=${this.requireGeneration().clusterId},${FLINK_HA_LABELS}`);
  }

  private jobManagerSelector(): string | undefined {
    const rest = this.outputs.rest;
    return this.outputs.jobManagerSelector ?? (rest && 'podSelector' in rest ? rest.podSelector : undefined);
  }

  private flinkImage(): string {
    return this.spec.userJob?.image ?? this.options.images.flink(this.spec.flinkVersion);
  }

  private async livePods(selector: string): Promise<V1Pod[]> {
    return (await this.kube.pods(this.namespace, selector)).filter((pod) => !pod.metadata?.deletionTimestamp);
  }
}

function withJobId(identity: { clusterId: string; fixedJobId?: string }): { clusterId: string; jobId?: string } {
  return { clusterId: identity.clusterId, ...(identity.fixedJobId ? { jobId: identity.fixedJobId } : {}) };
}

interface FaultMethods {
  killTaskManager: (index?: number) => Promise<number>;
  killJobManager: () => Promise<number>;
  replaceJobManager: () => Promise<number>;
  deleteHaMetadata: (scope?: HaMetadataScope) => Promise<string[]>;
  stopStorage: () => Promise<void>;
  startStorage: () => Promise<void>;
}
