// What every platform's deployment shares: one logical job across generations of Flink clusters
// (a redeploy tears the current one down and starts the next from a snapshot), storage on one S3
// bucket, and the waits until a new generation runs its job.
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { FlinkRestClient } from '../flink/client.ts';
import { createS3Client } from '../storage/s3.ts';
import { StorageInspector } from '../storage/inspector.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import type { DeploymentSpec } from './deployment-spec.ts';
import type { ConfigOverride } from './flink-config.ts';
import { canReadHaStore, haNotApplicable, readHaStore, type Deployment, type HaReading, type KeptPlace, type ResumeChoice, type StoragePaths } from './platform.ts';
import { progress } from '../support/progress.ts';
import { waitFor } from '../support/wait.ts';
import { describeRestorePoint } from '../oracle/snapshot.ts';
import { resumeDecider, type ResumeSettings } from './resume/resume.ts';

export const BUCKET = 'flink';
export const S3_CREDENTIALS = { accessKey: 'frh-minio', secretKey: 'frh-minio-secret' } as const;
const STARTUP_TIMEOUT_MS = 240_000;
const CLEANUP_TIMEOUT_MS = 120_000;
/** Job states after which Flink cleans the job up for good (checkpoints per retention, HA data). */
const GLOBALLY_TERMINAL = new Set(['CANCELED', 'FINISHED', 'FAILED']);
/** What a platform does when nobody configured its resume: restore the newest state. */
export const DEFAULT_RESUME: ResumeSettings = { policy: 'LATEST_STATE' };

/** Where a deployment keeps checkpoints, savepoints, HA data, the probe's output and its fault switch. */
export function storagePaths(bucket = BUCKET): StoragePaths {
  return {
    bucket,
    checkpoints: `s3://${bucket}/checkpoints`,
    savepoints: `s3://${bucket}/savepoints`,
    ha: `s3://${bucket}/ha`,
    output: `s3://${bucket}/output`,
    control: `s3://${bucket}/control/fail`,
  };
}

/** One Flink cluster of a deployment; platforms add their handles. */
export interface Generation {
  number: number;
  clusterId: string;
  /** Empty until Flink derived it from the cluster-id (see generationIdentity). */
  jobId: string;
}

/**
 * The cluster-id and job id of generation `number`. A user-chosen cluster-id is kept by every
 * generation; with HA, Flink then derives the job id from it, so a new cluster with that id is the
 * same job to Flink (and finds its HA data). Otherwise each generation gets its own cluster-id and
 * a fresh job id.
 */
export function generationIdentity(spec: DeploymentSpec, number: number): { clusterId: string; fixedJobId?: string } {
  const clusterId = spec.clusterId ?? `${spec.name}-g${number}`;
  return spec.clusterId === undefined ? { clusterId, fixedJobId: randomBytes(16).toString('hex') } : { clusterId };
}

/** The job of a generation when its resume began: ended for good (its state), still running, or unknown (REST did not answer). */
export type JobAtResume = { ended: string } | { running: true } | { unknown: string };

/** A deployment made of generations; subclasses say how infrastructure and a generation start and stop. */
export abstract class GenerationalDeployment<G extends Generation> implements Deployment {
  abstract readonly platform: string;
  readonly paths: StoragePaths = storagePaths();
  readonly rest = new FlinkRestClient({ baseUrl: 'http://127.0.0.1:1' });
  spec: DeploymentSpec;
  s3!: S3Client;
  storage!: StorageInspector;
  protected current?: G;
  /** Where the harness reaches the deployment's S3 storage (loopback). */
  protected storageEndpoint = '';
  /** The job id of every generation, oldest first: the lineage a resume may restore from. */
  readonly lineageJobIds: string[] = [];
  generationStartedFrom: RestorePoint | undefined;
  resumeChoice?: ResumeChoice;
  configOverrides: ConfigOverride[] = [];
  haAtLastStop?: HaReading;

  protected constructor(spec: DeploymentSpec) {
    this.spec = spec;
  }

  get jobId(): string {
    return this.requireGeneration().jobId;
  }

  get generation(): number {
    return this.requireGeneration().number;
  }

  get clusterId(): string {
    return this.requireGeneration().clusterId;
  }

  /**
   * Brings an ended job back the platform's way: waits until the ended job's own cleanup is done,
   * lets the configured decider choose a snapshot of this deployment's lineage, then tears the
   * old cluster down and starts the next generation from it, with `changes` (an upgrade).
   */
  async resume(changes: Partial<DeploymentSpec> = {}): Promise<void> {
    const previous = this.requireGeneration();
    const jobAtResume = await this.awaitCleanupOfEndedJob(previous);
    const settings = this.spec.resume ?? DEFAULT_RESUME;
    const decider = resumeDecider(settings);
    const from = await decider.choose({
      deployment: this.spec.name,
      storage: this.storage,
      paths: this.paths,
      s3: { endpoint: this.storageEndpoint, ...S3_CREDENTIALS },
      lineageJobIds: [...this.lineageJobIds],
      ...(this.spec.initialRestore ? { initialRestore: this.spec.initialRestore } : {}),
      clusterId: previous.clusterId,
      nextGeneration: previous.number + 1,
      ...this.resumeContextExtras(),
    });
    progress(`${this.spec.name}: ${decider.describe} chose ${describeRestorePoint(from)}`);
    this.resumeChoice = { decidedBy: decider.describe, chose: from };
    await this.redeploy(from, changes, jobAtResume);
  }

  /** Tears the current cluster down (keeping storage) and starts the next generation from `from`. */
  protected async redeploy(from: RestorePoint, changes: Partial<DeploymentSpec> = {}, jobAtResume?: JobAtResume): Promise<void> {
    const previous = this.requireGeneration();
    progress(`${this.spec.name}: tearing down generation ${previous.number}, redeploying from ${from.kind === 'none' ? 'empty state' : from.path}`);
    await this.stopGeneration(previous);
    // Read between the old JobManager's end and the new one's start: exactly what the new one finds.
    this.haAtLastStop = await this.haLeftForNextGeneration(previous, jobAtResume);
    this.current = undefined;
    this.spec = { ...this.spec, ...changes };
    this.generationStartedFrom = from.kind === 'none' ? undefined : from;
    await this.startGeneration(previous.number + 1, from);
  }

  /**
   * Once a job reached a globally terminal state Flink cleans it up: the completed-checkpoint store
   * discards checkpoints the retention setting does not keep, then the job's HA data is removed. A
   * platform resumes only after that (Ververica Platform waits for the job to terminate), or it could
   * restore a checkpoint Flink is about to discard. The JobManager logs the end of that cleanup
   * ("Finished cleaning up the high availability data for job <id>", Flink's AbstractHaServices,
   * 1.15 and later); without HA nothing marks it. A job that did not end (its deployment was
   * deleted) leaves nothing to wait for. Says how the job stood (without HA, nothing is asked).
   */
  protected async awaitCleanupOfEndedJob(generation: G): Promise<JobAtResume> {
    if (this.spec.highAvailability === 'none') return { unknown: 'not asked: high availability is off' };
    const job = await this.rest.job(generation.jobId, { retries: 1 }).catch((error: Error) => error);
    if (job instanceof Error) return { unknown: `REST did not answer for job ${generation.jobId}: ${job.message}` };
    if (!GLOBALLY_TERMINAL.has(job.state)) return { running: true };
    const marker = `Finished cleaning up the high availability data for job ${generation.jobId}`;
    const started = Date.now();
    const cleaned = await waitFor(`Flink's cleanup of ended job ${generation.jobId}`, async () =>
      ((await this.jobManagerLog(generation).catch(() => '')).includes(marker) ? true : undefined), { timeoutMs: CLEANUP_TIMEOUT_MS }).catch(() => false);
    progress(cleaned
      ? `${this.spec.name}: Flink finished cleaning up job ${generation.jobId} (${job.state}) ${((Date.now() - started) / 1000).toFixed(1)} s after the resume began`
      : `${this.spec.name}: the JobManager never logged the end of job ${generation.jobId}'s cleanup; resuming anyway`);
    return { ended: job.state };
  }

  /**
   * The HA store the stopped generation left for the next one (read now, after the stop), or why
   * it says nothing about the next restore: only a job that never ended keeps its HA data, and only
   * a next generation under the same cluster-id (so, with HA, the same job id) recovers from it.
   */
  private async haLeftForNextGeneration(previous: G, jobAtResume: JobAtResume | undefined): Promise<HaReading> {
    if (this.spec.highAvailability === 'none') return haNotApplicable('high availability is off');
    if (jobAtResume && 'ended' in jobAtResume) return haNotApplicable(`job ${previous.jobId} ended ${jobAtResume.ended}, a globally terminal state: Flink removed its HA data, so the next job restores what the resume picked`);
    if (generationIdentity(this.spec, previous.number + 1).clusterId !== previous.clusterId) return haNotApplicable(`the next generation runs under a cluster-id of its own, so it does not recover from the HA data ${previous.clusterId} left`);
    if (!canReadHaStore(this)) return haNotApplicable(`${this.platform} cannot read its HA store`);
    if (!jobAtResume || 'unknown' in jobAtResume) return { error: `whether job ${previous.jobId} had ended (and Flink removed its HA data) is unknown: ${jobAtResume?.unknown ?? 'not asked'}`, readAt: Date.now() };
    return readHaStore(this);
  }

  /** The log of the JobManager running the current job (for its "Restoring job ... from ..." line). */
  async currentJobManagerLog(): Promise<string> {
    return this.jobManagerLog(this.requireGeneration());
  }

  /** The current JobManager's log of this generation (recent lines). */
  protected abstract jobManagerLog(generation: G): Promise<string>;

  /** Platform facts a resume command may need (e.g. the Kubernetes namespace). */
  protected resumeContextExtras(): { namespace?: string } {
    return {};
  }

  abstract checkAlive(): Promise<void>;
  abstract collectDiagnostics(): Promise<Record<string, string>>;
  abstract dispose(): Promise<string[]>;
  abstract keep(): Promise<KeptPlace>;

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** Storage, coordination and the first generation; on failure removes what was started. */
  protected async boot(): Promise<void> {
    try {
      await this.startInfrastructure();
      this.generationStartedFrom = this.spec.initialRestore?.kind === 'none' ? undefined : this.spec.initialRestore;
      await this.startGeneration(1, this.spec.initialRestore);
    } catch (error) {
      // What the components logged is the evidence of a start that never finished (the result and
      // its repro bundle keep it), read before dispose() removes them.
      if (error instanceof Error && !('diagnostics' in error)) Object.assign(error, { diagnostics: await this.collectDiagnostics().catch(() => ({})) });
      await this.dispose();
      throw error;
    }
  }

  protected abstract startInfrastructure(): Promise<void>;
  protected abstract startGeneration(number: number, restoreFrom: RestorePoint | undefined): Promise<void>;
  protected abstract stopGeneration(generation: G): Promise<void>;

  /** Points the S3 client and the storage inspector at MinIO as the harness reaches it (loopback). */
  protected connectStorage(endpoint: string): void {
    this.storageEndpoint = endpoint;
    this.s3 = createS3Client({ endpoint, ...S3_CREDENTIALS });
    this.storage = new StorageInspector(this.s3);
  }

  /**
   * Waits until the new generation's TaskManagers registered and, when Flink derives the job id,
   * until the job is known; a JobManager that exits ends the wait with its root cause.
   */
  protected async awaitJobOf(generation: G): Promise<void> {
    await waitFor(`${this.spec.taskManagers} TaskManager(s) registered`, async () => {
      await this.checkAlive();
      const overview = await this.rest.overview();
      return overview.taskmanagers >= this.spec.taskManagers ? true : undefined;
    }, { timeoutMs: STARTUP_TIMEOUT_MS });
    if (!generation.jobId) generation.jobId = await waitFor('the job id Flink derived from the cluster-id', async () => {
      await this.checkAlive();
      return (await this.rest.jobs())[0]?.jid;
    }, { timeoutMs: STARTUP_TIMEOUT_MS });
    if (!this.lineageJobIds.includes(generation.jobId)) this.lineageJobIds.push(generation.jobId);
    progress(`${this.spec.name}: generation ${generation.number} runs job ${generation.jobId}`);
  }

  protected requireGeneration(): G {
    if (!this.current) throw new Error(`${this.spec.name} has no running cluster generation`);
    return this.current;
  }
}
