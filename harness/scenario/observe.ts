// What did happen: waits for the job to come back, then gathers every witness of what it restored.
import { readsJobManagerLog, recordsRestoreSource, type Deployment } from '../platforms/platform.ts';
import { restoresInLog } from '../flink/restore-log.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import type { Observation } from '../checks/observation.ts';
import type { JobExceptions, Metric, SubtaskAttempt } from '../flink/schemas.ts';
import { readProbeOutput } from '../storage/probe-output.ts';
import { writtenSinceRestore } from '../checks/output-continuity.ts';
import type { MeasuredOffsets } from './clocks.ts';
import { operatorIdsIn } from '../storage/metadata.ts';
import { operatorStatesIn } from '../storage/metadata-operators.ts';
import { operatorIdOf } from '../flink/operator-id.ts';
import { StorageNotFoundError } from '../storage/errors.ts';
import { waitFor } from '../support/wait.ts';

const RESTORE_TIMEOUT_MS = 240_000;
const SETTLE_TIMEOUT_MS = 120_000;
/** Object times in S3 listings may be whole seconds: a part file committed just after a time can list just before it. */
const STORAGE_TIME_SLACK_MS = 1_000;
const LATER_CHECKPOINTS = 3;
const RESTORE_CLOCK_SLACK_MS = 1_000;
// The witnesses after a restore are ready within a second of each other: poll them closely.
const AFTER_RESTORE_POLL_MS = 200;
const PROBE_METRIC = 'restoredCheckpointId';
const PROBE_ATTEMPT_METRIC = 'restoredCheckpointIdAttempt';
/** How often the settle wait reads the job's exception history (a restart loop fails about every second). */
const FAILURES_READ_EVERY_MS = 2_000;
/** A failure's first line is enough to name it; some (a committer's state) print whole objects. */
const FAILURE_LINE_MAX = 400;

/** The job's own account of its restart: what REST says it restored, and when. */
export interface RestoreReport {
  jobId: string;
  /** null: the job came back RUNNING and completed a checkpoint without reporting any restore. */
  restored: RestorePoint | null;
  restoredAt?: number;
}

/**
 * `faultAt` is on Flink's clock (the host's fault time plus the measured offset).
 * Waits until the deployment's current job runs again after `faultAt` and either reports a restore
 * that happened after the fault, or completes a checkpoint without one (it started empty).
 * `lastRestoreBefore`: Flink's timestamp of the newest restore seen before the fault (a recovery
 * from an earlier outage), which must not be taken for the restore the fault caused.
 */
export async function awaitRestore(deployment: Deployment, faultAt: number, lastRestoreBefore = Number.NEGATIVE_INFINITY): Promise<RestoreReport> {
  const jobId = deployment.jobId;
  return waitFor(`job ${jobId} to come back after the fault`, async () => {
    await deployment.checkAlive();
    const job = await deployment.rest.job(jobId);
    if (job.state !== 'RUNNING') throw new Error(`job is ${job.state}`);
    const stats = await deployment.rest.checkpoints(jobId);
    const restored = stats.latest?.restored;
    if (restored && restored.restore_timestamp >= faultAt - RESTORE_CLOCK_SLACK_MS && restored.restore_timestamp > lastRestoreBefore) {
      const path = (restored.external_path ?? '').replace(/\/+$/, '');
      // The path says what was restored: REST flags a retained checkpoint a new job started from as a savepoint.
      const kind = /\/chk-\d+$/.test(path) ? 'checkpoint' : restored.is_savepoint ? 'savepoint' : 'checkpoint';
      const point: RestorePoint = { kind, id: restored.id, path };
      return { jobId, restored: point, restoredAt: restored.restore_timestamp };
    }
    const completedSinceFault = stats.latest?.completed && stats.latest.completed.trigger_timestamp > faultAt;
    return completedSinceFault ? { jobId, restored: null } : undefined;
  }, { timeoutMs: RESTORE_TIMEOUT_MS });
}

/**
 * When each step between Flink's restore and the verdict ended (epoch ms; the checkpoint's on
 * Flink's clock), so a benchmark can say where that time goes. Names in benchmark.ts's AFTER_RESTORE_MARKS.
 */
export type AfterRestoreMarks = Record<string, number>;

/**
 * Gathers the witnesses once the restored job has completed a checkpoint of its own (so its output
 * is committed and its metrics reported): storage `_metadata`, the probe's gauge and output (for a
 * user's job: its operators' states instead), the JobManager's log line, the platform's record.
 */
export async function observeRestore(deployment: Deployment, restore: RestoreReport, marks: AfterRestoreMarks = {}, clocks: MeasuredOffsets = { rest: 0, storage: 0 }): Promise<Observation> {
  const restoredId = restore.restored?.kind === 'none' ? undefined : restore.restored?.id;
  let asked = false;
  // A job that fails again after every restore (state the new Flink cannot take, a restart loop)
  // never completes a checkpoint: its newest failure, thrown as the wait's last problem, is what
  // the timeout's verdict then explains.
  let failure: string | undefined;
  let failuresReadAt = Number.NEGATIVE_INFINITY;
  const settled = await waitFor('a checkpoint completed after the restore', async () => {
    const stats = await deployment.rest.checkpoints(restore.jobId);
    const completed = stats.latest?.completed;
    if (completed && completed.id > (restoredId ?? 0) && completed.trigger_timestamp >= (restore.restoredAt ?? 0)) return completed;
    if (!asked && await allTasksRunning(deployment, restore.jobId)) {
      asked = true;
      marks['tasks-running'] = Date.now();
      await askForCheckpoint(deployment, restore.jobId);
    }
    if (Date.now() - failuresReadAt >= FAILURES_READ_EVERY_MS) {
      failuresReadAt = Date.now();
      failure = await deployment.rest.exceptions(restore.jobId).then((history) => failuresSince(history, restore.restoredAt), () => failure);
    }
    if (failure) throw new Error(failure);
    return undefined;
  }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: AFTER_RESTORE_POLL_MS });
  const settledId = settled.id;
  // A job that came back empty writes restoredCheckpointId -1, as the job before the fault did at
  // first: its output is the part files committed from its first checkpoint on (storage's clock).
  const startedEmptyAt = restoredId === undefined ? settled.trigger_timestamp - clocks.rest + clocks.storage - STORAGE_TIME_SLACK_MS : undefined;
  marks['checkpoint-triggered'] = settled.trigger_timestamp;
  marks['checkpoint-completed'] = settled.latest_ack_timestamp;
  marks['checkpoint-seen'] = Date.now();
  // A user's job has neither the probe's gauge nor its output; its operators' state is read instead.
  const userJob = deployment.spec.userJob !== undefined;
  const restored = restore.restored;
  const unreadable: Observation['unreadable'] = {};
  // A witness that cannot be read is recorded as such (an unknown check), not a failed scenario.
  const read = <T>(witness: keyof NonNullable<Observation['unreadable']>, reading: Promise<T>): Promise<T | undefined> =>
    reading.catch((error: unknown) => {
      unreadable[witness] = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return undefined;
    });
  const [metadata, probeRestoredIds, output, operatorState, operatorEntries, loggedRestore, platformRecord] = await Promise.all([
    restored && restored.kind !== 'none'
      ? read('metadata', deployment.storage.metadataAt(restored.path).then((m) => ({ path: restored.path, exists: m.exists, ...(m.checkpointId !== undefined ? { checkpointId: m.checkpointId } : {}) })))
      : Promise.resolve(undefined),
    userJob ? Promise.resolve(undefined) : read('probe', probeGaugeValues(deployment, restore.jobId)),
    userJob ? Promise.resolve(undefined) : read('output', outputSinceRestore(deployment, restoredId, startedEmptyAt)),
    userJob && restored && restored.kind !== 'none'
      ? read('operator-state', operatorStatesOf(deployment, restore.jobId, settledId, restored.path))
      : Promise.resolve(undefined),
    restored && restored.kind !== 'none'
      ? read('operator-entries', operatorEntriesAcross(deployment, restore.jobId, restored.path, settled))
      : Promise.resolve(undefined),
    readsJobManagerLog(deployment)
      ? read('jobmanager-log', deployment.currentJobManagerLog().then((log) => {
        const own = restoresInLog(log).filter((r) => r.jobId === restore.jobId);
        const newest = own[own.length - 1];
        return newest ? { point: newest.point, line: newest.line } : null;
      }))
      : Promise.resolve(undefined),
    recordsRestoreSource(deployment) ? read('platform', deployment.recordedRestoreSource()) : Promise.resolve(undefined),
  ]);
  marks['witnesses-read'] = Date.now();
  return {
    jobId: restore.jobId,
    restored,
    ...(restore.restoredAt !== undefined ? { restoredAt: restore.restoredAt } : {}),
    ...(metadata ? { metadata } : {}),
    ...(probeRestoredIds ? { probeRestoredIds } : {}),
    ...(output ? { output } : {}),
    ...(output && startedEmptyAt !== undefined ? { startedEmptyAt } : {}),
    ...(userJob ? { userJob } : {}),
    ...(operatorState ? { operatorState } : {}),
    ...(operatorEntries ? { operatorEntries } : {}),
    ...(loggedRestore !== undefined ? { jobManagerLogRestore: loggedRestore } : {}),
    ...(platformRecord ? { platformRecord } : {}),
    ...(Object.keys(unreadable).length > 0 ? { unreadable } : {}),
  };
}

/**
 * The job's failures since `since` (Flink's clock; the restore) by its exception history, and the
 * newest one's first line; undefined when it has not failed since. The history keeps only the
 * newest entries (web.exception-history-size, 16 by default), so the count is a lower bound.
 */
export function failuresSince(history: JobExceptions, since = Number.NEGATIVE_INFINITY): string | undefined {
  const entries = (history.exceptionHistory?.entries ?? [])
    .filter((entry) => (entry.timestamp ?? Number.NEGATIVE_INFINITY) >= since)
    .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
  const newest = entries[0];
  if (!newest) return undefined;
  const line = newest.stacktrace?.split('\n')[0]?.trim() || newest.exceptionName || 'an unknown cause';
  const cause = line.length > FAILURE_LINE_MAX ? `${line.slice(0, FAILURE_LINE_MAX)}…` : line;
  const count = `${entries.length === 1 ? '1 failure' : `${entries.length} failures`}`;
  return `the job's exception history shows ${count} since the restore (it keeps only the newest); the newest${newest.taskName ? ` (${newest.taskName})` : ''}: ${cause}`;
}

async function allTasksRunning(deployment: Deployment, jobId: string): Promise<boolean> {
  const vertices = (await deployment.rest.job(jobId)).vertices ?? [];
  return vertices.length > 0 && vertices.every((vertex) => vertex.status === 'RUNNING');
}

/**
 * Asks for the first checkpoint after the restore once every task runs, instead of waiting up to
 * a checkpoint interval for the periodic one (its first trigger after a restore is delayed at
 * random). It is an ordinary checkpoint: its completion commits the probe's output just the same.
 * A Flink without the endpoint (before 1.17), or a refusal, leaves the periodic one to come.
 */
async function askForCheckpoint(deployment: Deployment, jobId: string): Promise<void> {
  await deployment.rest.triggerCheckpoint(jobId).catch(() => undefined);
}

/**
 * The job's vertices with the state each wrote in a checkpoint taken after the restore, and which
 * of their ids have an entry in the restored snapshot's `_metadata`. A vertex's id is its head
 * operator's id; operators chained behind a head are not listed by REST. A vertex the snapshot has
 * no entry for may not have seen a record yet in the first checkpoint after the restore: up to
 * LATER_CHECKPOINTS newer checkpoints are read before it counts as stateless.
 */
export async function operatorStatesOf(deployment: Deployment, jobId: string, firstCheckpointId: number, restoredPath: string): Promise<NonNullable<Observation['operatorState']>> {
  const [job, metadata] = await Promise.all([deployment.rest.job(jobId), deployment.storage.metadataBytes(restoredPath)]);
  const heads = (job.vertices ?? []).map((vertex) => ({ id: vertex.id, name: vertex.name ?? vertex.id }));
  const idsInMetadata = operatorIdsIn(metadata, heads.map((v) => v.id));
  const stateAt = async (checkpointId: number) => {
    const details = await deployment.rest.checkpointDetails(jobId, checkpointId);
    return heads.map((v) => ({ ...v, stateBytes: details.tasks?.[v.id]?.checkpointed_size ?? details.tasks?.[v.id]?.state_size ?? 0 }));
  };
  let checkpointId = firstCheckpointId;
  let vertices = await stateAt(checkpointId);
  const undecided = () => vertices.some((v) => v.stateBytes === 0 && !idsInMetadata.includes(v.id));
  for (let later = 0; later < LATER_CHECKPOINTS && undecided(); later++) {
    const after = checkpointId;
    checkpointId = await waitFor(`a checkpoint after ${after} (is a vertex new to the snapshot stateful?)`, async () => {
      const completed = (await deployment.rest.checkpoints(jobId)).latest?.completed;
      return completed && completed.id > after ? completed.id : undefined;
    }, { timeoutMs: SETTLE_TIMEOUT_MS });
    vertices = await stateAt(checkpointId);
  }
  return { checkpointId, vertices, idsInMetadata };
}

/**
 * Every operator entry (chained operators too) of the restored snapshot's `_metadata` and of the
 * first checkpoint completed after the restore, with the operators the deployment lets go on
 * purpose. Reads files, not REST: REST lists a vertex's head operator only.
 */
export async function operatorEntriesAcross(deployment: Deployment, jobId: string, restoredPath: string, first: CompletedCheckpoint): Promise<NonNullable<Observation['operatorEntries']>> {
  const [before, after] = await Promise.all([deployment.storage.metadataBytes(restoredPath), checkpointAfterRestore(deployment, jobId, first)]);
  return {
    restoredPath,
    before: operatorStatesIn(before),
    checkpointId: after.id,
    checkpointPath: after.path,
    after: operatorStatesIn(after.bytes),
    dropped: (deployment.spec.droppedOperators ?? []).map((ref) => ({ ref, operatorId: operatorIdOf(ref) })),
  };
}

type CompletedCheckpoint = { id: number; external_path?: string | null };

/**
 * The `_metadata` of the first checkpoint completed after the restore or, once a newer one has
 * subsumed and deleted it (few retained checkpoints), of the newest: every checkpoint after the
 * restore holds the state the restore brought back.
 */
async function checkpointAfterRestore(deployment: Deployment, jobId: string, first: CompletedCheckpoint): Promise<{ id: number; path: string; bytes: Uint8Array }> {
  const read = async (checkpoint: CompletedCheckpoint) => {
    const path = (checkpoint.external_path ?? '').replace(/\/+$/, '');
    if (!path.startsWith('s3://')) throw new Error(`checkpoint ${checkpoint.id} after the restore has no readable _metadata (external path ${checkpoint.external_path ?? 'none'})`);
    return { id: checkpoint.id, path, bytes: await deployment.storage.metadataBytes(path) };
  };
  try {
    return await read(first);
  } catch (error) {
    if (!(error instanceof StorageNotFoundError)) throw error;
    const newest = (await deployment.rest.checkpoints(jobId)).latest?.completed;
    if (!newest || newest.id <= first.id) throw error;
    return read(newest);
  }
}

/**
 * The probe's committed output, once it holds records written since the restore: the sink commits
 * a checkpoint's files when Flink notifies it of completion, a moment after the checkpoint itself.
 * Returns what exists after the timeout so the continuity check can say what is missing.
 */
async function outputSinceRestore(deployment: Deployment, restoredId: number | undefined, startedEmptyAt: number | undefined) {
  const read = () => readProbeOutput(deployment.s3, deployment.paths.output);
  if (restoredId === undefined && startedEmptyAt === undefined) return read();
  const description = restoredId === undefined ? 'output written since the job came back empty' : `output written since the restore of ${restoredId}`;
  return waitFor(description, async () => {
    const output = await read();
    return writtenSinceRestore(output, restoredId, startedEmptyAt) ? output : undefined;
  }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: AFTER_RESTORE_POLL_MS }).catch(read);
}

/**
 * The probe job's restoredCheckpointId gauge of every subtask (-1 = the subtask did not restore),
 * in subtask order, as reported by each subtask's current execution attempt. The JobManager's
 * metric store keeps what an earlier attempt reported until it has fetched the new attempt's
 * values, so a value counts only once the probe's attempt gauge beside it names the attempt that
 * REST says is current.
 */
export async function probeGaugeValues(deployment: Deployment, jobId: string): Promise<number[]> {
  return waitFor(`the probe's ${PROBE_METRIC} metric from the current attempt of every subtask`, async () => {
    const job = await deployment.rest.job(jobId);
    for (const vertex of job.vertices ?? []) {
      const names = await deployment.rest.vertexMetricNames(jobId, vertex.id);
      const wanted = names.filter((name) => probeGaugeOf(name) !== undefined);
      if (!wanted.some((name) => probeGaugeOf(name)?.gauge === PROBE_METRIC)) continue;
      const [metrics, attempts] = await Promise.all([
        deployment.rest.vertexMetrics(jobId, vertex.id, wanted),
        deployment.rest.subtaskAttempts(jobId, vertex.id),
      ]);
      const values = gaugesOfCurrentAttempts(metrics, attempts);
      // Not yet: what is missing becomes the wait's last problem, so a timeout says why.
      if (!values) throw new Error(gaugeGap(metrics, attempts));
      return values;
    }
    throw new Error(`no vertex of job ${jobId} lists the probe's ${PROBE_METRIC} metric yet (${(job.vertices ?? []).length} vertices, job ${job.state ?? 'state unknown'})`);
  }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: AFTER_RESTORE_POLL_MS });
}

/**
 * The restoredCheckpointId of every subtask in `attempts`, or undefined while any subtask's value
 * is missing or was reported by another attempt than its current one.
 */
export function gaugesOfCurrentAttempts(metrics: Metric[], attempts: SubtaskAttempt[]): number[] | undefined {
  const reported = reportedGauges(metrics);
  const values: number[] = [];
  for (const { subtask, attempt } of [...attempts].sort((a, b) => a.subtask - b.subtask)) {
    const entry = reported.get(subtask);
    if (entry?.restored === undefined || entry.attempt !== attempt) return undefined;
    values.push(entry.restored);
  }
  return values.length > 0 ? values : undefined;
}

/** Why gaugesOfCurrentAttempts has no answer yet: per subtask, what REST calls current and what the gauges say. */
export function gaugeGap(metrics: Metric[], attempts: SubtaskAttempt[]): string {
  if (attempts.length === 0) return 'REST lists no subtasks';
  const reported = reportedGauges(metrics);
  const gaps = [...attempts].sort((a, b) => a.subtask - b.subtask).flatMap(({ subtask, attempt }) => {
    const entry = reported.get(subtask);
    if (entry?.restored === undefined) return [`subtask ${subtask} (attempt ${attempt}) reported no ${PROBE_METRIC}`];
    if (entry.attempt === undefined) return [`subtask ${subtask} (attempt ${attempt}) reported no ${PROBE_ATTEMPT_METRIC}`];
    if (entry.attempt !== attempt) return [`subtask ${subtask}: REST's current attempt is ${attempt}, the metric store's gauges are attempt ${entry.attempt}'s (${PROBE_METRIC} ${entry.restored})`];
    return [];
  });
  return gaps.join('; ');
}

function reportedGauges(metrics: Metric[]): Map<number, { restored?: number; attempt?: number }> {
  const reported = new Map<number, { restored?: number; attempt?: number }>();
  for (const metric of metrics) {
    const gauge = probeGaugeOf(metric.id);
    if (!gauge || metric.value === undefined) continue;
    const entry = reported.get(gauge.subtask) ?? {};
    if (gauge.gauge === PROBE_METRIC) entry.restored = Number(metric.value);
    else entry.attempt = Number(metric.value);
    reported.set(gauge.subtask, entry);
  }
  return reported;
}

/** `<subtask>.<operator>.<gauge>` for the probe's two gauges, else undefined. */
function probeGaugeOf(name: string): { subtask: number; gauge: string } | undefined {
  const match = /^(\d+)\..*\.(\w+)$/.exec(name);
  if (!match || (match[2] !== PROBE_METRIC && match[2] !== PROBE_ATTEMPT_METRIC)) return undefined;
  return { subtask: Number(match[1]), gauge: match[2] };
}
