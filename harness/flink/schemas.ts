// Zod schemas of the Flink REST answers the harness reads (Flink 1.20 and 2.x), after Flink's
// REST API spec (rest_v1_dispatcher.yml). Lenient: unknown fields pass through, fields we do not
// rely on are optional, and fields Flink may send as null are nullish.
import { z } from 'zod';

/** GET /overview (ClusterOverviewWithVersion). */
export const ClusterOverviewSchema = z.looseObject({
  taskmanagers: z.number(),
  'slots-total': z.number().optional(),
  'slots-available': z.number().optional(),
  'jobs-running': z.number().optional(),
  'jobs-finished': z.number().optional(),
  'jobs-cancelled': z.number().optional(),
  'jobs-failed': z.number().optional(),
  'flink-version': z.string().optional(),
  'flink-commit': z.string().optional(),
});

/** One job in GET /jobs/overview (JobDetails). `state` is a Flink JobStatus name. */
export const JobSummarySchema = z.looseObject({
  jid: z.string(),
  name: z.string().optional(),
  state: z.string(),
  'start-time': z.number().optional(),
  'end-time': z.number().optional(),
  duration: z.number().optional(),
  'last-modification': z.number().optional(),
});

/** GET /jobs/overview (MultipleJobsDetails). */
export const JobsOverviewSchema = z.looseObject({ jobs: z.array(JobSummarySchema) });

/** One vertex (task) of a job in GET /jobs/:id (JobDetailsVertexInfo). */
export const JobVertexSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  parallelism: z.number().optional(),
  status: z.string().optional(),
});

/** GET /jobs/:id (JobDetailsInfo). `state`: INITIALIZING, CREATED, RUNNING, FAILING, FAILED, CANCELLING, CANCELED, FINISHED, RESTARTING, SUSPENDED, RECONCILING. */
export const JobDetailsSchema = z.looseObject({
  jid: z.string(),
  name: z.string().optional(),
  state: z.string(),
  'start-time': z.number().optional(),
  'end-time': z.number().optional(),
  duration: z.number().optional(),
  now: z.number().optional(),
  timestamps: z.record(z.string(), z.number()).optional(),
  vertices: z.array(JobVertexSchema).optional(),
});

/** One subtask in GET /jobs/:id/vertices/:vid: its current execution attempt and that attempt's status. */
export const SubtaskAttemptSchema = z.looseObject({
  subtask: z.number(),
  attempt: z.number(),
  status: z.string().optional(),
});

/** GET /jobs/:id/vertices/:vid (JobVertexDetailsInfo). */
export const JobVertexDetailsSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  parallelism: z.number().optional(),
  subtasks: z.array(SubtaskAttemptSchema),
});

/**
 * One checkpoint or savepoint in GET /jobs/:id/checkpoints (CheckpointStatistics and its
 * completed/failed/pending variants). `status`: IN_PROGRESS, COMPLETED or FAILED;
 * `checkpoint_type`: CHECKPOINT, UNALIGNED_CHECKPOINT, SAVEPOINT, SYNC_SAVEPOINT (or newer names).
 */
export const CheckpointStatisticsSchema = z.looseObject({
  className: z.string().optional(),
  id: z.number(),
  status: z.string(),
  is_savepoint: z.boolean(),
  checkpoint_type: z.string().nullish(),
  savepointFormat: z.string().nullish(),
  trigger_timestamp: z.number(),
  latest_ack_timestamp: z.number(),
  external_path: z.string().nullish(),
  discarded: z.boolean().nullish(),
  failure_timestamp: z.number().nullish(),
  failure_message: z.string().nullish(),
});

/** latest.restored (RestoredCheckpointStatistics): set on every restore, task failover included. */
export const RestoredCheckpointSchema = z.looseObject({
  id: z.number(),
  restore_timestamp: z.number(),
  is_savepoint: z.boolean(),
  external_path: z.string().nullish(),
});

/** GET /jobs/:id/checkpoints (CheckpointingStatistics). history[] is newest first and bounded. */
export const CheckpointingStatisticsSchema = z.looseObject({
  counts: z
    .looseObject({
      restored: z.number().optional(),
      total: z.number().optional(),
      in_progress: z.number().optional(),
      completed: z.number().optional(),
      failed: z.number().optional(),
    })
    .optional(),
  latest: z
    .looseObject({
      completed: CheckpointStatisticsSchema.nullish(),
      savepoint: CheckpointStatisticsSchema.nullish(),
      failed: CheckpointStatisticsSchema.nullish(),
      restored: RestoredCheckpointSchema.nullish(),
    })
    .nullish(),
  history: z.array(CheckpointStatisticsSchema).nullish(),
});

/** GET /jobs/:id/checkpoints/details/:cid (CheckpointStatistics with per-vertex task statistics). */
export const CheckpointDetailsSchema = z.looseObject({
  id: z.number(),
  status: z.string().optional(),
  tasks: z.record(z.string(), z.looseObject({ state_size: z.number().optional(), checkpointed_size: z.number().optional() })).optional(),
});

/** GET /jobs/:id/checkpoints/config (CheckpointConfigInfo). */
export const CheckpointConfigSchema = z.looseObject({
  mode: z.string().optional(),
  interval: z.number().optional(),
  timeout: z.number().optional(),
  min_pause: z.number().optional(),
  max_concurrent: z.number().optional(),
  externalization: z.looseObject({ enabled: z.boolean(), delete_on_cancellation: z.boolean() }).nullish(),
  state_backend: z.string().nullish(),
  checkpoint_storage: z.string().nullish(),
  unaligned_checkpoints: z.boolean().optional(),
  tolerable_failed_checkpoints: z.number().optional(),
});

/**
 * GET /jobs/:id/config (JobConfigInfo): `job-parallelism` is the parallelism every operator without
 * its own runs at (`parallelism.default` when the job sets none in its code).
 */
export const JobConfigSchema = z.looseObject({
  jid: z.string(),
  name: z.string().optional(),
  'execution-config': z.looseObject({ 'job-parallelism': z.number().optional() }).nullish(),
});

/** The answer to every asynchronous trigger (savepoint, stop, checkpoint): TriggerResponse. */
export const TriggerResponseSchema = z.looseObject({ 'request-id': z.string() });

/** Flink's JSON form of an exception (SerializedThrowable). */
export const SerializedThrowableSchema = z.looseObject({
  class: z.string().nullish(),
  'stack-trace': z.string().nullish(),
  'serialized-throwable': z.string().nullish(),
});

const QueueStatusSchema = z.looseObject({ id: z.enum(['IN_PROGRESS', 'COMPLETED']) });

/** GET /jobs/:id/savepoints/:triggerId: when COMPLETED, operation has `location` or `failure-cause`. */
export const SavepointStatusSchema = z.looseObject({
  status: QueueStatusSchema,
  operation: z
    .looseObject({ location: z.string().nullish(), 'failure-cause': SerializedThrowableSchema.nullish() })
    .nullish(),
});

/** GET /jobs/:id/checkpoints/:triggerId (Flink 1.17+): when COMPLETED, `checkpointId` or a failure cause. */
export const CheckpointStatusSchema = z.looseObject({
  status: QueueStatusSchema,
  operation: z
    .looseObject({
      checkpointId: z.number().nullish(),
      failureCause: SerializedThrowableSchema.nullish(),
      'failure-cause': SerializedThrowableSchema.nullish(),
    })
    .nullish(),
});

/** One entry of exceptionHistory (RootExceptionInfo). */
export const ExceptionEntrySchema = z.looseObject({
  exceptionName: z.string().nullish(),
  stacktrace: z.string().nullish(),
  timestamp: z.number().nullish(),
  taskName: z.string().nullish(),
  endpoint: z.string().nullish(),
  location: z.string().nullish(),
});

/** GET /jobs/:id/exceptions. The top-level root-exception fields are deprecated (gone in 2.x). */
export const JobExceptionsSchema = z.looseObject({
  'root-exception': z.string().nullish(),
  timestamp: z.number().nullish(),
  exceptionHistory: z
    .looseObject({ entries: z.array(ExceptionEntrySchema), truncated: z.boolean().optional() })
    .nullish(),
});

/** One metric: `value` is absent when only names are listed (no `get` parameter). */
export const MetricSchema = z.looseObject({ id: z.string(), value: z.string().optional() });

/** One aggregated metric over subtasks; which of min/max/avg/sum are present depends on `agg`. */
export const AggregatedMetricSchema = z.looseObject({
  id: z.string(),
  min: z.number().optional(),
  max: z.number().optional(),
  avg: z.number().optional(),
  sum: z.number().optional(),
  skew: z.number().optional(),
});

/** Flink serializes metric collections as a bare array; the spec documents {metrics: [...]}: accept both. */
function metricList<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), z.looseObject({ metrics: z.array(item) }).transform((body) => body.metrics)]);
}

/** GET /jobs/:id/vertices/:vid/metrics[?get=...]: per-subtask metrics named `<subtask>.<name>`. */
export const MetricListSchema = metricList(MetricSchema);

/** GET /jobs/:id/vertices/:vid/subtasks/metrics[?get=...]: aggregated over subtasks. */
export const AggregatedMetricListSchema = metricList(AggregatedMetricSchema);

export type ClusterOverview = z.infer<typeof ClusterOverviewSchema>;
export type JobSummary = z.infer<typeof JobSummarySchema>;
export type JobsOverview = z.infer<typeof JobsOverviewSchema>;
export type JobVertex = z.infer<typeof JobVertexSchema>;
export type JobDetails = z.infer<typeof JobDetailsSchema>;
export type CheckpointDetails = z.infer<typeof CheckpointDetailsSchema>;
export type SubtaskAttempt = z.infer<typeof SubtaskAttemptSchema>;
export type CheckpointStatistics = z.infer<typeof CheckpointStatisticsSchema>;
export type RestoredCheckpoint = z.infer<typeof RestoredCheckpointSchema>;
export type CheckpointingStatistics = z.infer<typeof CheckpointingStatisticsSchema>;
export type CheckpointConfig = z.infer<typeof CheckpointConfigSchema>;
export type JobConfig = z.infer<typeof JobConfigSchema>;
export type TriggerResponse = z.infer<typeof TriggerResponseSchema>;
export type SerializedThrowable = z.infer<typeof SerializedThrowableSchema>;
export type SavepointStatus = z.infer<typeof SavepointStatusSchema>;
export type CheckpointStatus = z.infer<typeof CheckpointStatusSchema>;
export type JobExceptions = z.infer<typeof JobExceptionsSchema>;
export type Metric = z.infer<typeof MetricSchema>;
export type AggregatedMetric = z.infer<typeof AggregatedMetricSchema>;

/**
 * Every response schema by endpoint name, so recorded fixtures (`<endpoint>*.json`) can be
 * validated against the schema the client uses for that endpoint.
 */
export const RESPONSE_SCHEMAS = {
  overview: ClusterOverviewSchema,
  'jobs-overview': JobsOverviewSchema,
  job: JobDetailsSchema,
  vertex: JobVertexDetailsSchema,
  checkpoints: CheckpointingStatisticsSchema,
  'checkpoint-config': CheckpointConfigSchema,
  'job-config': JobConfigSchema,
  trigger: TriggerResponseSchema,
  'savepoint-status': SavepointStatusSchema,
  'checkpoint-status': CheckpointStatusSchema,
  exceptions: JobExceptionsSchema,
  'vertex-metrics': MetricListSchema,
  'subtask-metrics': AggregatedMetricListSchema,
} as const;

/** One line from a failure cause: the exception's first stack-trace line, else its class. */
export function describeThrowable(cause: SerializedThrowable | null | undefined): string {
  const firstLine = cause?.['stack-trace']?.split('\n')[0]?.trim();
  return firstLine || cause?.class || 'unknown cause';
}
