// Runs one scenario end to end: deploy, let checkpoints happen, inject the fault, let the job come
// back, then compare what was restored with what the oracle expects. Always ends in a verdict.
import { JobManagerExitedError, type HaReading } from '../platforms/platform.ts';
import type { Platform, Deployment, KeptDeployment, ResumeChoice } from '../platforms/platform.ts';
import { shortfallOf, type Verdict } from '../judge/verdict.ts';
import { defaultSpec } from '../platforms/deployment-spec.ts';
import { haStorageDurable } from '../platforms/flink-config.ts';
import { restoreCandidates } from '../platforms/restore-candidates.ts';
import { resumeSettingsFor } from './resume-settings.ts';
import { describeResumeSettings } from '../platforms/resume/resume.ts';
import { CheckpointWatcher } from '../flink/checkpoint-watcher.ts';
import { expectRestore } from '../oracle/expect.ts';
import type { Expectation, OracleInput } from '../oracle/expect.ts';
import { describeRestorePoint, sameRestorePoint } from '../oracle/snapshot.ts';
import type { RestorePoint, Snapshot, SnapshotKind, StopSavepointRecord } from '../oracle/snapshot.ts';
import { checksFor, checksNotRun, restoredKindIs, runChecks } from '../checks/index.ts';
import type { Observation, OutputBaseline } from '../checks/observation.ts';
import { judge } from '../judge/judge.ts';
import type { ScenarioResult } from '../report/results.ts';
import type { FaultRecord } from '../faults/fault.ts';
import type { DeploymentSpec, Retention, UserJob } from '../platforms/deployment-spec.ts';
import { describeOverrides, type ConfigOverride } from '../platforms/flink-config.ts';
import type { ScenarioDefinition } from './definition.ts';
import { awaitRestore, observeRestore, type AfterRestoreMarks } from './observe.ts';
import { measureClockOffsets, type MeasuredOffsets } from './clocks.ts';
import { classifyError } from './errors.ts';
import { progress } from '../support/progress.ts';
import { treatDeploymentSecretsAsSecret } from '../report/redact.ts';
import { causeIsLostState } from '../platforms/flink-logs.ts';
import { haAfterFailover, haAtStop, haEvidence, haObservation, withoutCheckpointsAfterRestore } from './ha-witness.ts';
import { changeableFields, observeChange, probeVersionsSinceRestore } from './change-witness.ts';

const RUNNING_TIMEOUT_MS = 180_000;
const CHECKPOINTS_BEFORE_FAULT = 2;

export interface RunOptions {
  platform: Platform;
  flinkVersion: string;
  /** Which run of the scenario this is under `--repeat` (1-based); unset when it runs once. */
  repetition?: number;
  /** Called with the raw material of a finished run (the vitest glue re-judges it for proofs). */
  onJudged?: (material: JudgedMaterial) => void;
  /**
   * Completes the result once the verdict is in, before the deployment is torn down (the vitest
   * glue adds the test's failed assertions), so `keep` decides on what the report will say.
   */
  assess?: (result: ScenarioResult) => ScenarioResult;
  /**
   * `--keep`: when the scenario did not end as intended, leave its deployment up instead of
   * removing it; `removeWith` is the command that removes it later.
   */
  keep?: { removeWith: string };
}

/** Everything a verdict was computed from; kept so a proof can re-judge it against another expectation. */
export interface JudgedMaterial {
  expectation: Expectation;
  observation: Observation;
}

/** What a run holds that outlives its verdict: the deployment to remove or keep, the watcher to stop. */
interface Held {
  deployment?: Deployment;
  watcher?: CheckpointWatcher;
  fault?: FaultRecord;
}

/**
 * Runs `definition` on `options.platform`; never throws, every failure becomes a verdict. Then removes
 * the deployment, or with `options.keep` leaves it up when the scenario did not end as intended.
 */
export async function runScenario(definition: ScenarioDefinition, options: RunOptions): Promise<ScenarioResult> {
  const held: Held = {};
  let leftUp = false;
  try {
    let result = await judgedRun(definition, options, held);
    await held.watcher?.stop().catch(() => undefined);
    result = options.assess?.(result) ?? result;
    const deployment = held.deployment;
    if (deployment && options.keep && shortfallOf(result) !== undefined) {
      // The watcher is stopped: keeping closes the port-forwards it would poll through.
      const kept = await tryToKeep(deployment, definition.id, options.keep.removeWith);
      leftUp = kept !== undefined;
      if (kept) return { ...result, kept };
    }
    return result;
  } finally {
    if (!leftUp) {
      await held.watcher?.stop().catch(() => undefined);
      const problems = (await held.deployment?.dispose()) ?? [];
      for (const problem of problems) progress(`${definition.id}: cleanup: ${problem}`);
    }
  }
}

/** Keeps the deployment and says so; a deployment that cannot be kept is removed as usual (undefined). */
async function tryToKeep(deployment: Deployment, id: string, removeWith: string): Promise<KeptDeployment | undefined> {
  try {
    const kept = { ...(await deployment.keep()), removeWith };
    progress(`${id}: did not end as intended: kept its deployment (${kept.where}) for --keep; how to reach it follows the run's summary; remove it with: ${removeWith}`);
    return kept;
  } catch (error) {
    progress(`${id}: could not keep the deployment (${(error as Error).message}); removing it`);
    return undefined;
  }
}

async function judgedRun(definition: ScenarioDefinition, options: RunOptions, held: Held): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const evidence: Record<string, unknown> = {};
  const { phases, phase } = phaseClock(definition.id, startedAt);
  // A repetition deploys under its own name: what an earlier one left behind (a namespace still
  // terminating, a container its cleanup missed) cannot collide with it.
  const deploymentName = options.repetition && options.repetition > 1 ? `${definition.id}-${options.repetition}` : definition.id;
  const spec = defaultSpec({ name: deploymentName, flinkVersion: options.flinkVersion, ...definition.deployment, resume: resumeSettingsFor(definition) });
  let deployment: Deployment | undefined;
  let watcher: CheckpointWatcher | undefined;
  const base = { id: definition.id, title: definition.title, platform: options.platform.name, flinkVersion: spec.flinkVersion, expectedVerdict: definition.expect.verdict, ...(options.repetition ? { repetition: options.repetition } : {}) };
  try {
    progress(`${definition.id}: ${definition.title}`);
    if (definition.userJob) spec.userJob = await definition.userJob.prepare(spec.flinkVersion);
    treatDeploymentSecretsAsSecret(spec);
    if (definition.redeployWith) treatDeploymentSecretsAsSecret(definition.redeployWith);
    deployment = held.deployment = await options.platform.deploy(spec);
    if (deployment.spec.flinkDeployment) evidence.flinkDeployment = flinkDeploymentEvidence(deployment);
    definition.fault.check(deployment);
    phase('deploy');

    watcher = held.watcher = new CheckpointWatcher({ client: deployment.rest, jobId: deployment.jobId });
    watcher.start();
    await watcher.waitFor((w) => w.snapshots().filter((s) => s.kind === 'checkpoint').length >= CHECKPOINTS_BEFORE_FAULT, {
      timeoutMs: RUNNING_TIMEOUT_MS,
      description: `job running with ${CHECKPOINTS_BEFORE_FAULT} completed checkpoints`,
    });
    phase('running');

    // Measured before the steps, not between the last step and the fault: on a loaded machine the
    // measurement takes a second, and a step that times the fault (a checkpoint just completed) would miss.
    const clocks = await measureClockOffsets(deployment);
    const triggered: Snapshot[] = [];
    const notes: Record<string, unknown> = {};
    evidence.steps = notes;
    for (const step of definition.before ?? []) {
      await step.run({ deployment, watcher, triggered, notes, clocks });
      progress(`${definition.id}: ${step.name} done`);
    }
    phase('before-fault');

    return await injectAndJudge(definition, {
      deployment, watcher, triggered, evidence, base, startedAt, phases, phase, held, clocks,
      ...(definition.expect.restored ? { assertsRestored: definition.expect.restored } : {}),
      ...(options.onJudged ? { onJudged: options.onJudged } : {}),
    });
  } catch (error) {
    return failedResult(error, { id: definition.id, base, evidence, startedAt, phases, ...(deployment ? { deployment } : {}), ...(held.fault ? { faultAt: held.fault.at } : {}) });
  }
}

/** Times the phases of a run from `startedAt`, each one's end announced as progress. */
export function phaseClock(id: string, startedAt: number): Pick<FaultRun, 'phases' | 'phase'> {
  const phases: Record<string, number> = {};
  let phaseStart = startedAt;
  const phase = (name: string): void => {
    const now = Date.now();
    phases[name] = now - phaseStart;
    phaseStart = now;
    progress(`${id}: ${name} done in ${((phases[name] ?? 0) / 1000).toFixed(1)} s`);
  };
  return { phases, phase };
}

/** The result of a run that ended in an error before its verdict: the error's verdict class, with the deployment's diagnostics. */
export async function failedResult(error: unknown, run: Pick<FaultRun, 'base' | 'evidence' | 'startedAt' | 'phases'> & { id: string; deployment?: Deployment; faultAt?: number }): Promise<ScenarioResult> {
  const { verdict, message } = classifyError(error);
  const { base, evidence, startedAt, phases } = run;
  progress(`${run.id}: ${verdict}: ${message}`);
  if (run.deployment) evidence.diagnostics = await run.deployment.collectDiagnostics().catch(() => ({}));
  else if (error instanceof Error && 'diagnostics' in error) evidence.diagnostics = error.diagnostics;
  return {
    ...base,
    verdict,
    expected: null,
    observed: null,
    explanation: message,
    checks: [],
    evidence,
    timings: { startedAt, ...(run.faultAt !== undefined ? { faultAt: run.faultAt } : {}), finishedAt: Date.now(), phases },
  };
}

/**
 * The verdict of a job whose JobManager died before any restore (starting or recovering it): only
 * a root cause naming missing state says state was lost; any other is infrastructure. When a resume
 * had chosen what to restore, the explanation names the pick and who made it, acceptable or not:
 * a `_metadata` Flink cannot find is the pick's problem before it is Flink's.
 */
export function judgeNeverCameBack(expectation: Expectation, cause: string, choice?: ResumeChoice): { verdict: Verdict; explanation: string } {
  const lostState = expectation.expected.kind !== 'none' && causeIsLostState(cause);
  const pick = choice ? ` after ${choice.decidedBy} chose ${describeRestorePoint(choice.chose)}${expectation.acceptable.some((ok) => sameRestorePoint(ok, choice.chose)) ? '' : ', which is not what the oracle expects'}` : '';
  return judge({ expectation, checks: [], error: { verdict: lostState ? 'NO_RESTORE' : 'INFRA_ERROR', message: `the job never came back${pick}: ${cause}` } });
}

/**
 * Why a resume restored what it did, when that was not the expected snapshot although storage
 * retained it: the platform's choice, not Flink's, missed it.
 */
function resumeNotes(expectation: Expectation, restored: RestorePoint | null | undefined, storedAtFault: Snapshot[], resumedBy: string): string[] {
  if (!restored || expectation.acceptable.some((ok) => sameRestorePoint(ok, restored))) return [];
  const expected = expectation.expected;
  const retained = expected.kind !== 'none' && storedAtFault.some((s) => s.id === expected.id && s.path === expected.path);
  return retained ? [`the platform's resume (${resumedBy}) restored ${describeRestorePoint(restored)} although ${describeRestorePoint(expected)} was retained in storage`] : [];
}

/**
 * A resume that restores a checkpoint of a job whose retention discards checkpoints when the job is
 * cancelled restored it only because it came before Flink's cleanup: the same resume a moment later
 * finds nothing (zoo 1a once passed this way).
 */
export function restoredDoomedCheckpoint(retention: Retention, faultKind: string, restored: RestorePoint | null | undefined): string | undefined {
  if (!restored || restored.kind !== 'checkpoint' || retention === 'RETAIN_ON_CANCELLATION') return undefined;
  if (retention === 'DELETE_ON_CANCELLATION' && faultKind !== 'cancel') return undefined;
  return `the resume restored ${describeRestorePoint(restored)}, which Flink discards after ${faultKind === 'cancel' ? 'a cancel' : 'the job ends'} under retention ${retention}: it was in storage only because the resume came before Flink's cleanup`;
}

/** What the report says about a user's job: what ran, and every key of its configuration the harness overrode. */
export function userJobEvidence(job: UserJob, overrides: readonly ConfigOverride[]): Record<string, unknown> {
  return {
    jar: job.jar,
    entryClass: job.entryClass,
    arguments: job.arguments,
    ...(job.image ? { image: job.image } : {}),
    configOverrides: describeOverrides(overrides),
  };
}

/** What the report says about a user's FlinkDeployment: its file, and every field and Flink key of it the harness set otherwise. */
export function flinkDeploymentEvidence(deployment: Pick<Deployment, 'spec' | 'resourceOverrides' | 'configOverrides'>): Record<string, unknown> {
  return {
    file: deployment.spec.flinkDeployment,
    job: deployment.spec.userJob ? 'user' : 'probe',
    overrides: describeOverrides(deployment.resourceOverrides ?? []),
    configOverrides: describeOverrides(deployment.configOverrides ?? []),
  };
}

/** What a redeploy changes: the scenario's changes, and what it changes in a user's job. */
function redeployChanges(definition: ScenarioDefinition, deployed: DeploymentSpec): Partial<DeploymentSpec> | undefined {
  const upgrade = definition.userJob?.upgrade;
  if (!upgrade || !deployed.userJob) return definition.redeployWith;
  return { ...definition.redeployWith, userJob: upgrade(deployed.userJob) };
}

/** What the platform recorded of its stop's savepoint, an unreadable record as unknown; undefined when it keeps none. */
function stopSavepointOf(observation: Observation): StopSavepointRecord | undefined {
  const unreadable = observation.unreadable?.platform;
  return observation.platformRecord ?? (unreadable !== undefined ? { savepoint: 'unknown', why: `could not be read: ${unreadable}` } : undefined);
}

/** A running deployment and what its run has gathered so far, as `injectAndJudge` needs it. */
export interface FaultRun {
  deployment: Deployment;
  /** Watching the job since before the fault; stopped once the fault is in. */
  watcher: CheckpointWatcher;
  /** Snapshots the run's steps triggered (witnesses for the oracle). */
  triggered: Snapshot[];
  /** The result's evidence, added to as the fault goes. */
  evidence: Record<string, unknown>;
  /** What every result of the run starts with (id, title, platform, versions, intended verdict). */
  base: Pick<ScenarioResult, 'id' | 'title' | 'platform' | 'flinkVersion' | 'expectedVerdict' | 'repetition'>;
  startedAt: number;
  phases: Record<string, number>;
  /** Ends a named phase (its time lands in `phases`). */
  phase: (name: string) => void;
  /** Receives the fault's record as soon as it is injected (a failure after it still reports when it happened). */
  held: { fault?: FaultRecord };
  /** Clock offsets measured before the steps; unset, measured just before the fault. */
  clocks?: MeasuredOffsets;
  onJudged?: (material: JudgedMaterial) => void;
  /** The output an earlier fault's judgement covered (a soak's later faults): problems in it are not this fault's. */
  outputBefore?: OutputBaseline;
  /** The kind of snapshot the scenario asserts is restored (its expect.restored): judged as a check of its own. */
  assertsRestored?: SnapshotKind | 'none';
}

/**
 * One fault against a running deployment, judged: inject `definition.fault`, let the platform bring
 * the job back, gather every witness and compare with what the oracle expects at the fault. Throws
 * what a wait or the infrastructure throws (the caller turns it into a verdict). A scenario calls it
 * once; a soak calls it for every fault of its schedule on the same deployment.
 */
export async function injectAndJudge(definition: ScenarioDefinition, run: FaultRun): Promise<ScenarioResult> {
  const { deployment, watcher, triggered, evidence, base, startedAt, phases, phase, held } = run;
  const clocks = run.clocks ?? await measureClockOffsets(deployment);
  evidence.clockOffsetsMs = clocks;
  const context = { deployment, watcher };
  const jobIdAtFault = deployment.jobId;
  // What the job runs before the fault: an upgrade (in the fault or the resume) must change it.
  const runningBeforeFault = changeableFields(deployment.spec);
  const fault = held.fault = await definition.fault.inject(context);
  // Read at once, before the recovered job completes new checkpoints: what HA pointed to at the fault.
  const haAfterFault = await haAfterFailover(definition.fault, deployment);
  // A redeploy's platform reads it when the old JobManager stops (in the fault or the resume).
  const haWhen = haAfterFault ? 'right after the fault' : 'when the old JobManager had stopped';
  const haReading = async (restoredAt?: number): Promise<HaReading> => {
    const read = haAfterFault ?? haAtStop(definition.fault, fault, deployment);
    const stats = 'ids' in read && restoredAt !== undefined ? await deployment.rest.checkpoints(deployment.jobId).catch(() => undefined) : undefined;
    const { reading, dropped } = withoutCheckpointsAfterRestore(read, stats, restoredAt);
    evidence.haStore = { ...haEvidence(reading, haWhen), ...(dropped.length > 0 ? { takenAfterTheRestore: dropped } : {}) };
    return reading;
  };
  const lineage = { jobIds: [...deployment.lineageJobIds] };
  const generationStart = deployment.generationStartedFrom;
  const storedAtFault = await restoreCandidates(deployment);
  if (definition.fault.heal) {
    await definition.fault.heal(context);
    fault.healedAt = Date.now();
  }
  const timelineBeforeFault = watcher.snapshots();
  // Restore times are Flink's: compare them with the fault on Flink's clock.
  const lastRestoreBefore = Math.max(Number.NEGATIVE_INFINITY, ...watcher.restores().filter((r) => r.restoredAt < fault!.at + clocks.rest).map((r) => r.restoredAt));
  await watcher.stop();
  evidence.fault = fault;
  phase('fault');

  // What the platform deployed (it may translate the spec, e.g. HA to its own kind).
  const deployed = deployment.spec;
  const oracleInput: OracleInput = {
    strategy: definition.strategy,
    faultAt: fault.at,
    ...(fault.effectiveAt !== undefined ? { faultEffectiveAt: fault.effectiveAt } : {}),
    ...(fault.restoreBeganAt !== undefined ? { restoreBeganAt: fault.restoreBeganAt } : {}),
    faultKind: definition.fault.kind,
    jobId: jobIdAtFault,
    clockOffsetMs: { rest: clocks.rest, ha: clocks.rest, storage: clocks.storage },
    lineage,
    ...(generationStart ? { generationStart } : {}),
    storageListed: true,
    observed: [...timelineBeforeFault, ...triggered, ...storedAtFault],
    config: {
      externalizedRetention: deployed.retention,
      numRetained: deployed.numRetained,
      haEnabled: deployed.highAvailability !== 'none',
      checkpointingIntervalMs: deployed.checkpointIntervalMs,
      haStorageDurable: haStorageDurable(deployed),
      ...(deployed.initialRestore ? { initialSavepoint: deployed.initialRestore } : {}),
      ...(deployed.clusterId !== undefined && definition.fault.recovery === 'redeploy' ? { reusedClusterId: deployed.clusterId } : {}),
      haStore: deployed.highAvailability === 'zookeeper' ? 'ZooKeeper nodes' : 'ConfigMaps',
      ...(deployed.upgradeMode ? { upgradeMode: deployed.upgradeMode } : {}),
    },
  };
  // Until the platform's record of its stop is read (once the job is back), savepoint mode expects the savepoint or newer.
  let expectation = expectRestore(oracleInput);
  if (definition.fault.recovery === 'redeploy') evidence.resumedBy = describeResumeSettings(deployed.resume ?? resumeSettingsFor(definition));
  evidence.timeline = { beforeFault: timelineBeforeFault, triggered, storedAtFault };

  let restore;
  try {
    if (definition.fault.recovery === 'redeploy') await deployment.resume(redeployChanges(definition, deployed));
    restore = await awaitRestore(deployment, fault.at + clocks.rest, lastRestoreBefore);
  } catch (error) {
    // The platform, not the harness, failed: the JobManager died starting or recovering the job.
    // Only a root cause naming missing state says state was lost; any other is infrastructure.
    if (!(error instanceof JobManagerExitedError)) throw error;
    if (deployment.resumeChoice) evidence.resumeChoice = deployment.resumeChoice;
    await haReading();
    const { verdict, explanation } = judgeNeverCameBack(expectation, error.message, deployment.resumeChoice);
    evidence.diagnostics = await deployment.collectDiagnostics();
    phase('restore');
    return {
      ...base, verdict, expected: expectation.expected, observed: { kind: 'none' }, explanation, checks: [], evidence,
      timings: { startedAt, faultAt: fault.at, finishedAt: Date.now(), phases },
    };
  }
  const restoredAt = restore.restoredAt;
  // Who chose what this restore started from (the harness's resume or a team's command), beside what it restored.
  if (definition.fault.recovery === 'redeploy' && deployment.resumeChoice) evidence.resumeChoice = deployment.resumeChoice;
  phase('restore');

  const { unreadable: haUnreadable, ...haSeen } = haObservation(await haReading(restoredAt), haWhen);
  const marks: AfterRestoreMarks = {};
  const observed = await observeRestore(deployment, restore, marks, clocks);
  const change = await observeChange(deployment, runningBeforeFault, observed);
  const observation: Observation = {
    ...observed,
    ...(change ? { change } : {}),
    ...haSeen,
    ...(haUnreadable ? { unreadable: { ...observed.unreadable, ...haUnreadable } } : {}),
    ...(run.outputBefore ? { outputBefore: run.outputBefore } : {}),
  };
  const stopSavepoint = stopSavepointOf(observation);
  if (stopSavepoint) {
    evidence.platformRecord = stopSavepoint;
    // The operator's status holds its account of the stop only once it redeployed: read with the
    // other witnesses, it decides what savepoint mode expects (the savepoint, or its fallback).
    expectation = expectRestore({ ...oracleInput, stopSavepoint });
  }
  if (definition.fault.recovery === 'redeploy') expectation.configNotes.push(...resumeNotes(expectation, observation.restored, storedAtFault, String(evidence.resumedBy)));
  const checks = runChecks([...checksFor(observation), ...(run.assertsRestored ? [restoredKindIs(run.assertsRestored)] : [])], observation, expectation);
  const notRun = checksNotRun(observation);
  if (notRun.length > 0) evidence.checksNotRun = notRun;
  // The job as it runs now: a redeploy may have changed its arguments.
  if (deployment.spec.userJob) evidence.userJob = userJobEvidence(deployment.spec.userJob, deployment.configOverrides ?? []);
  const judgedChecks = judge({ expectation, checks });
  const judged = notRun.length > 0
    ? { ...judgedChecks, explanation: `${judgedChecks.explanation} Not run: ${notRun.map((c) => `${c.name} (${c.reason})`).join(', ')}.` }
    : judgedChecks;
  const verdict = judged.verdict;
  const warning = definition.fault.recovery === 'redeploy' ? restoredDoomedCheckpoint(deployed.retention, definition.fault.kind, observation.restored) : undefined;
  if (warning) evidence.warnings = [warning];
  const explanation = warning && verdict === 'PASS' ? `${judged.explanation} Warning: ${warning}.` : judged.explanation;
  run.onJudged?.({ expectation, observation });
  phase('checks');
  evidence.outputRecords = observation.output?.records.length;
  // The change witness already read it after a Flink upgrade: one REST call, not two.
  evidence.flinkVersionAfterRestore = observation.change?.running.flinkVersion ?? (await deployment.rest.overview().catch(() => undefined))?.['flink-version'];
  evidence.probeVersionsSinceRestore = probeVersionsSinceRestore(observation);
  // A failing verdict keeps the logs even when intended: a zoo case's bundle is what someone reproduces.
  if (verdict !== definition.expect.verdict || verdict !== 'PASS') evidence.diagnostics = await deployment.collectDiagnostics();
  return {
    ...base,
    verdict,
    expected: expectation.expected,
    observed: observation.restored ?? { kind: 'none' },
    explanation,
    checks,
    evidence,
    timings: { startedAt, faultAt: fault.at, ...(restoredAt ? { restoredAt } : {}), finishedAt: Date.now(), phases, afterRestore: marks },
  };
}
