// Typed client for the parts of Flink's REST API the harness uses: cluster and job state,
// checkpoint statistics, savepoint/checkpoint/stop triggers (retry-safe via client-chosen
// trigger ids), cancel, exceptions and vertex metrics.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FlinkTransport, type CallOptions } from './transport.ts';
import { awaitOperation, type AwaitOptions } from './operations.ts';
import {
  AggregatedMetricListSchema,
  CheckpointConfigSchema,
  CheckpointDetailsSchema,
  CheckpointingStatisticsSchema,
  CheckpointStatusSchema,
  ClusterOverviewSchema,
  JobConfigSchema,
  JobDetailsSchema,
  JobExceptionsSchema,
  JobsOverviewSchema,
  JobVertexDetailsSchema,
  MetricListSchema,
  SavepointStatusSchema,
  TriggerResponseSchema,
  type AggregatedMetric,
  type CheckpointConfig,
  type CheckpointDetails,
  type CheckpointingStatistics,
  type CheckpointStatus,
  type ClusterOverview,
  type JobConfig,
  type JobDetails,
  type JobExceptions,
  type JobSummary,
  type Metric,
  type SavepointStatus,
  type SubtaskAttempt,
} from './schemas.ts';

export type { CallOptions } from './transport.ts';
export type { AwaitOptions } from './operations.ts';

export interface FlinkRestClientOptions {
  /** e.g. http://127.0.0.1:8081 (no version prefix: unversioned paths mean v1). */
  baseUrl: string;
  /** Per-request timeout; default 10 s. */
  requestTimeoutMs?: number;
  /** Retries of transient failures for retry-safe calls; default 4 (backoff 250 ms doubling to 2 s). */
  retries?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export type SavepointFormat = 'CANONICAL' | 'NATIVE';

/** Trigger ids: any UUID or 32-hex string; omitted means a fresh random one. */
export interface SavepointTrigger {
  targetDirectory?: string;
  cancelJob?: boolean;
  formatType?: SavepointFormat;
  triggerId?: string;
}

export interface StopTrigger {
  targetDirectory?: string;
  drain?: boolean;
  formatType?: SavepointFormat;
  triggerId?: string;
}

export interface CheckpointTrigger {
  checkpointType?: 'CONFIGURED' | 'FULL' | 'INCREMENTAL';
  triggerId?: string;
}

/**
 * Flink wants trigger ids as 32 lowercase hex digits (a UUID's dashes make it reject them):
 * strips dashes and lowercases; throws on anything else. Idempotent.
 */
export function toFlinkTriggerId(id: string): string {
  const hex = id.replaceAll('-', '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a usable Flink trigger id: ${id} (need a UUID or 32 hex digits)`);
  return hex;
}

const Empty = z.unknown();
const job = (jobId: string): string => `/jobs/${encodeURIComponent(jobId)}`;

/**
 * Flink REST client. Every method throws the errors of errors.ts. GETs and triggers carrying a
 * trigger id are retried on transient failures (unreachable, timeout, 502/503/504), never on 4xx.
 */
export class FlinkRestClient {
  readonly #transport: FlinkTransport;

  constructor(options: FlinkRestClientOptions) {
    this.#transport = new FlinkTransport(options);
  }

  /** Where requests go now, without trailing slash. */
  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  /** Re-points the client, e.g. after a restarted JobManager got a new host port. */
  setBaseUrl(url: string): void {
    this.#transport.setBaseUrl(url);
  }

  /** GET /overview: task managers, slots, job counts, Flink version. */
  overview(options?: CallOptions): Promise<ClusterOverview> {
    return this.#get('/overview', ClusterOverviewSchema, options);
  }

  /** GET /jobs/overview: every job this JobManager knows, with its state. */
  async jobs(options?: CallOptions): Promise<JobSummary[]> {
    return (await this.#get('/jobs/overview', JobsOverviewSchema, options)).jobs;
  }

  /** GET /jobs/:id: state and vertices. FlinkNotFoundError if the JobManager does not know the job. */
  job(jobId: string, options?: CallOptions): Promise<JobDetails> {
    return this.#get(job(jobId), JobDetailsSchema, options);
  }

  /** The ids of the job's vertices (tasks), in Flink's order. */
  async vertexIds(jobId: string, options?: CallOptions): Promise<string[]> {
    return ((await this.job(jobId, options)).vertices ?? []).map((vertex) => vertex.id);
  }

  /** GET /jobs/:id/vertices/:vid: each subtask's current execution attempt (a restart starts a new one). */
  async subtaskAttempts(jobId: string, vertexId: string, options?: CallOptions): Promise<SubtaskAttempt[]> {
    return (await this.#get(`${job(jobId)}/vertices/${vertexId}`, JobVertexDetailsSchema, options)).subtasks;
  }

  /** GET /jobs/:id/checkpoints. These statistics reset when the JobManager fails over. */
  checkpoints(jobId: string, options?: CallOptions): Promise<CheckpointingStatistics> {
    return this.#get(`${job(jobId)}/checkpoints`, CheckpointingStatisticsSchema, options);
  }

  /** GET /jobs/:id/checkpoints/details/:cid: one checkpoint's statistics, with each vertex's state size. */
  checkpointDetails(jobId: string, checkpointId: number, options?: CallOptions): Promise<CheckpointDetails> {
    return this.#get(`${job(jobId)}/checkpoints/details/${checkpointId}`, CheckpointDetailsSchema, options);
  }

  /** GET /jobs/:id/checkpoints/config: interval, externalization, storage, backend. */
  checkpointConfig(jobId: string, options?: CallOptions): Promise<CheckpointConfig> {
    return this.#get(`${job(jobId)}/checkpoints/config`, CheckpointConfigSchema, options);
  }

  /** GET /jobs/:id/config: the job's execution config (its default parallelism). */
  jobConfig(jobId: string, options?: CallOptions): Promise<JobConfig> {
    return this.#get(`${job(jobId)}/config`, JobConfigSchema, options);
  }

  /** POST /jobs/:id/savepoints. Returns the (normalized) trigger id to poll with savepointStatus. */
  async triggerSavepoint(jobId: string, trigger: SavepointTrigger = {}): Promise<string> {
    const triggerId = toFlinkTriggerId(trigger.triggerId ?? randomUUID());
    const body = {
      ...(trigger.targetDirectory !== undefined ? { 'target-directory': trigger.targetDirectory } : {}),
      'cancel-job': trigger.cancelJob ?? false,
      ...(trigger.formatType ? { formatType: trigger.formatType } : {}),
      triggerId,
    };
    await this.#transport.send({ method: 'POST', path: `${job(jobId)}/savepoints`, body, idempotent: true }, TriggerResponseSchema);
    return triggerId;
  }

  /** GET /jobs/:id/savepoints/:triggerId (also reports stop-with-savepoint operations). */
  savepointStatus(jobId: string, triggerId: string, options?: CallOptions): Promise<SavepointStatus> {
    return this.#get(`${job(jobId)}/savepoints/${toFlinkTriggerId(triggerId)}`, SavepointStatusSchema, options);
  }

  /** POST /jobs/:id/stop: stop-with-savepoint. Returns the trigger id (poll with savepointStatus). */
  async stopWithSavepoint(jobId: string, trigger: StopTrigger = {}): Promise<string> {
    const triggerId = toFlinkTriggerId(trigger.triggerId ?? randomUUID());
    const body = {
      ...(trigger.targetDirectory !== undefined ? { targetDirectory: trigger.targetDirectory } : {}),
      drain: trigger.drain ?? false,
      ...(trigger.formatType ? { formatType: trigger.formatType } : {}),
      triggerId,
    };
    await this.#transport.send({ method: 'POST', path: `${job(jobId)}/stop`, body, idempotent: true }, TriggerResponseSchema);
    return triggerId;
  }

  /** POST /jobs/:id/checkpoints (Flink 1.17+): a manual checkpoint. Returns the trigger id. */
  async triggerCheckpoint(jobId: string, trigger: CheckpointTrigger = {}): Promise<string> {
    const triggerId = toFlinkTriggerId(trigger.triggerId ?? randomUUID());
    const body = { checkpointType: trigger.checkpointType ?? 'CONFIGURED', triggerId };
    await this.#transport.send({ method: 'POST', path: `${job(jobId)}/checkpoints`, body, idempotent: true }, TriggerResponseSchema);
    return triggerId;
  }

  /** GET /jobs/:id/checkpoints/:triggerId: operation.checkpointId once COMPLETED. */
  checkpointStatus(jobId: string, triggerId: string, options?: CallOptions): Promise<CheckpointStatus> {
    return this.#get(`${job(jobId)}/checkpoints/${toFlinkTriggerId(triggerId)}`, CheckpointStatusSchema, options);
  }

  /**
   * PATCH /jobs/:id?mode=cancel. Retried on transient failures; a retry that meets HTTP 409 (the
   * job already reached a terminal state, likely through our own first attempt) counts as done.
   */
  async cancel(jobId: string): Promise<void> {
    await this.#transport.send(
      { method: 'PATCH', path: job(jobId), params: { mode: 'cancel' }, idempotent: true, acceptStatus: (status, attempt) => status === 409 && attempt > 1 },
      Empty,
    );
  }

  /** GET /jobs/:id/exceptions: root cause and exception history. */
  exceptions(jobId: string, options?: CallOptions): Promise<JobExceptions> {
    return this.#get(`${job(jobId)}/exceptions`, JobExceptionsSchema, options);
  }

  /** Names of per-subtask metrics of a vertex, `<subtaskIndex>.<name>` (operator metrics: `<i>.<operator>.<name>`). */
  async vertexMetricNames(jobId: string, vertexId: string, options?: CallOptions): Promise<string[]> {
    return (await this.#get(`${job(jobId)}/vertices/${vertexId}/metrics`, MetricListSchema, options)).map((m) => m.id);
  }

  /** Values of the named per-subtask metrics; metrics not (yet) reported are missing from the result. */
  async vertexMetrics(jobId: string, vertexId: string, names: string[], options?: CallOptions): Promise<Metric[]> {
    if (names.length === 0) return [];
    return this.#get(`${job(jobId)}/vertices/${vertexId}/metrics`, MetricListSchema, options, { get: names.join(',') });
  }

  /** Names of the metrics that can be aggregated over the vertex's subtasks (no subtask prefix). */
  async listSubtaskMetricNames(jobId: string, vertexId: string, options?: CallOptions): Promise<string[]> {
    return (await this.#get(`${job(jobId)}/vertices/${vertexId}/subtasks/metrics`, AggregatedMetricListSchema, options)).map((m) => m.id);
  }

  /** Min/max/avg/sum over subtasks of the named metrics (numeric metrics only). */
  async subtaskMetrics(jobId: string, vertexId: string, names: string[], options?: CallOptions): Promise<AggregatedMetric[]> {
    if (names.length === 0) return [];
    const params = { get: names.join(','), agg: 'min,max,avg,sum' };
    return this.#get(`${job(jobId)}/vertices/${vertexId}/subtasks/metrics`, AggregatedMetricListSchema, options, params);
  }

  /**
   * Polls savepointStatus until the savepoint (or stop-with-savepoint) completed; returns its
   * location. FlinkOperationFailedError if it failed, WaitTimeoutError past `timeoutMs`.
   */
  awaitSavepoint(jobId: string, triggerId: string, options: AwaitOptions): Promise<string> {
    return awaitOperation<SavepointStatus, string>(`savepoint ${triggerId} of job ${jobId}`, () => this.savepointStatus(jobId, triggerId), options, (status) => {
      const operation = status.operation;
      const location = operation?.location;
      if (location) return { value: location };
      return { failure: { operation: 'savepoint', jobId, triggerId, cause: operation?.['failure-cause'] } };
    });
  }

  /** Like awaitSavepoint for a manual checkpoint; returns its checkpoint id. */
  awaitCheckpoint(jobId: string, triggerId: string, options: AwaitOptions): Promise<number> {
    return awaitOperation<CheckpointStatus, number>(`checkpoint ${triggerId} of job ${jobId}`, () => this.checkpointStatus(jobId, triggerId), options, (status) => {
      const operation = status.operation;
      const checkpointId = operation?.checkpointId;
      if (typeof checkpointId === 'number') return { value: checkpointId };
      return { failure: { operation: 'checkpoint', jobId, triggerId, cause: operation?.failureCause ?? operation?.['failure-cause'] } };
    });
  }

  #get<S extends z.ZodType>(path: string, schema: S, options?: CallOptions, params?: Record<string, string>): Promise<z.output<S>> {
    return this.#transport.send({ method: 'GET', path, idempotent: true, ...(params ? { params } : {}) }, schema, options);
  }
}
