// A soak: one deployment of the probe job lives through a seeded schedule of faults, and every
// recovery is judged as a scenario judges its fault (injectAndJudge): which state each restart
// restored against the newest at that fault, with every witness, not only that the job runs again.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Deployment, Platform } from '../platforms/platform.ts';
import { defaultSpec } from '../platforms/deployment-spec.ts';
import { CheckpointWatcher } from '../flink/checkpoint-watcher.ts';
import { failedResult, injectAndJudge, phaseClock, type JudgedMaterial } from '../scenario/run-scenario.ts';
import { failedAssertions } from '../scenario/assertions.ts';
import type { FaultRecord } from '../faults/index.ts';
import type { ScenarioDefinition } from '../scenario/definition.ts';
import type { ScenarioResult } from '../report/results.ts';
import { progress } from '../support/progress.ts';
import { formatSeconds, soakFaultKind, soakResultId, soakStrategy, type ScheduledFault } from './schedule.ts';
import { reconcilesJobSpec } from '../platforms/platform.ts';
import type { SnapshotKind } from '../oracle/snapshot.ts';
import type { ResumeSettings } from '../platforms/resume/resume.ts';
import { outputBaseline } from '../checks/output-continuity.ts';
import type { OutputBaseline } from '../checks/observation.ts';

const RUNNING_TIMEOUT_MS = 180_000;
const CHECKPOINT_TIMEOUT_MS = 120_000;
const CHECKPOINTS_BEFORE_FIRST_FAULT = 2;

export interface SoakRun {
  seed: number;
  platform: Platform;
  flinkVersion: string;
  /** How the platform resumes a job a fault ended (cancel, stop-with-savepoint). */
  resume: ResumeSettings;
  schedule: readonly ScheduledFault[];
  /** Receives each fault's result as soon as it is judged (the report writes it at once). */
  onResult: (result: ScenarioResult, scheduled: ScheduledFault) => Promise<void>;
}

export interface SoakOutcome {
  results: ScenarioResult[];
  /** Host time the schedule's clock started (the job running with checkpoints). */
  startedAt?: number;
  /** Why the soak ended before its schedule did, if it did. */
  stoppedEarly?: string;
}

/** Deploys once, injects every scheduled fault no earlier than its time, judges each, and removes the deployment. */
export async function runSoak(run: SoakRun): Promise<SoakOutcome> {
  const spec = defaultSpec({ name: `soak-${run.seed}`, flinkVersion: run.flinkVersion, resume: run.resume });
  const outcome: SoakOutcome = { results: [] };
  let deployment: Deployment | undefined;
  try {
    progress(`soak ${run.seed}: deploying the probe job (${run.platform.name}, Flink ${run.flinkVersion})`);
    deployment = await run.platform.deploy(spec);
    for (const scheduled of run.schedule) soakFaultKind(scheduled.fault).make().check(deployment);
    await newestCheckpointAfter(deployment, 0, CHECKPOINTS_BEFORE_FIRST_FAULT, RUNNING_TIMEOUT_MS);
    const startedAt = outcome.startedAt = Date.now();
    progress(`soak ${run.seed}: job running with checkpoints; the schedule's clock starts now (${run.schedule.length} fault(s))`);
    let lastRestoredId = 0;
    // Each fault is judged on the output written since the previous judgement: a replay or a loss
    // an earlier fault caused is that fault's verdict, not every later one's.
    let outputBefore: OutputBaseline | undefined;
    for (const scheduled of run.schedule) {
      const dueAt = startedAt + scheduled.atSeconds * 1000;
      // The schedule is the point of a soak: wait on the clock, then (if the previous recovery ran
      // past this fault's time) until the recovered job has completed a checkpoint of its own.
      if (dueAt > Date.now()) await sleep(dueAt - Date.now());
      await newestCheckpointAfter(deployment, lastRestoredId, 1, CHECKPOINT_TIMEOUT_MS);
      const { result, outputJudged } = await judgedFault(run, deployment, scheduled, startedAt, outputBefore);
      outputBefore = outputJudged ?? outputBefore;
      outcome.results.push(result);
      await run.onResult(result, scheduled);
      progress(`soak ${run.seed}: fault ${scheduled.index}/${run.schedule.length} (${scheduled.fault}): ${result.verdict}`);
      if (result.observed && result.observed.kind !== 'none') lastRestoredId = result.observed.id;
      if (result.verdict !== 'PASS') {
        const running = await deployment.rest.job(deployment.jobId).then((job) => job.state === 'RUNNING', () => false);
        if (!running) {
          outcome.stoppedEarly = `the job is not running after fault ${scheduled.index} (${result.verdict}); ${run.schedule.length - scheduled.index} fault(s) not injected`;
          return outcome;
        }
      }
    }
    return outcome;
  } catch (error) {
    // Deploying or the wait for a checkpoint between faults failed: the soak cannot go on.
    outcome.stoppedEarly = `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; ${run.schedule.length - outcome.results.length} fault(s) not injected`;
    return outcome;
  } finally {
    const problems = (await deployment?.dispose()) ?? [];
    for (const problem of problems) progress(`soak ${run.seed}: cleanup: ${problem}`);
  }
}

/**
 * One scheduled fault as the scenario it is judged as: its strategy is the fault kind's own, or, for
 * a change the platform's controller carries out, what that controller restores in the running
 * deployment's mode (soakStrategy); the snapshot kind it must restore follows from that where it is
 * certain (savepoint mode may legitimately fall back to a checkpoint, so it asserts none).
 */
export function soakDefinition(run: Pick<SoakRun, 'seed' | 'schedule'> & { platform: Pick<Platform, 'name'> }, deployment: Deployment, scheduled: ScheduledFault): ScenarioDefinition {
  const kind = soakFaultKind(scheduled.fault);
  const fault = kind.make();
  const mode = reconcilesJobSpec(deployment) ? deployment.upgradeMode : undefined;
  const strategy = soakStrategy(kind, run.platform.name, mode);
  const restored: SnapshotKind | undefined = fault.kind === 'stop-with-savepoint' ? 'savepoint'
    : strategy === 'FAILOVER' || strategy === 'LATEST_STATE' || strategy === 'LAST_STATE' ? 'checkpoint' : undefined;
  const under = kind.recovery === 'controller' ? ` (${mode}: ${strategy})` : '';
  return {
    id: soakResultId(run.seed, scheduled),
    title: `Soak ${run.seed}, fault ${scheduled.index} of ${run.schedule.length} (due at ${formatSeconds(scheduled.atSeconds)}): ${fault.name} → ${kind.restores}${under}`,
    strategy,
    fault,
    expect: { verdict: 'PASS', ...(restored ? { restored } : {}) },
  };
}

/**
 * One scheduled fault as a scenario of its own: watched from before the fault, injected, judged.
 * Also returns where the output stood when it was judged, for the next fault (none if unread).
 */
async function judgedFault(
  run: SoakRun, deployment: Deployment, scheduled: ScheduledFault, soakStartedAt: number, outputBefore: OutputBaseline | undefined,
): Promise<{ result: ScenarioResult; outputJudged?: OutputBaseline }> {
  const definition = soakDefinition(run, deployment, scheduled);
  const id = definition.id;
  const startedAt = Date.now();
  const base = { id, title: definition.title, platform: run.platform.name, flinkVersion: deployment.spec.flinkVersion, expectedVerdict: definition.expect.verdict };
  const evidence: Record<string, unknown> = {
    soak: { seed: run.seed, index: scheduled.index, of: run.schedule.length, dueAtSeconds: scheduled.atSeconds, injectedAtSeconds: Math.round((startedAt - soakStartedAt) / 1000) },
  };
  const { phases, phase } = phaseClock(id, startedAt);
  const held: { fault?: FaultRecord } = {};
  // The first poll replays the checkpoint history, already announced before this fault: not again.
  let historyRead = false;
  const watcher = new CheckpointWatcher({ client: deployment.rest, jobId: deployment.jobId, onProgress: (line) => historyRead && progress(line) });
  watcher.start();
  try {
    // The watcher's first poll reads the checkpoint history: the newest checkpoints before the fault.
    await watcher.waitFor((w) => w.lastSuccessfulPollAt !== undefined && w.snapshots().some((s) => s.kind === 'checkpoint'), {
      timeoutMs: CHECKPOINT_TIMEOUT_MS,
      description: 'the checkpoint history before the fault',
    });
    historyRead = true;
    if (outputBefore) evidence.outputJudgedBefore = { at: outputBefore.judgedAt, files: outputBefore.files.length, keys: Object.keys(outputBefore.lastSeqByKey).length };
    let outputJudged: OutputBaseline | undefined;
    let material: JudgedMaterial | undefined;
    const onJudged = (judged: JudgedMaterial): void => {
      material = judged;
      if (judged.observation.output) outputJudged = outputBaseline(judged.observation.output, `fault ${scheduled.index}`);
    };
    const judged = await injectAndJudge(definition, { deployment, watcher, triggered: [], evidence, base, startedAt, phases, phase, held, onJudged, ...(outputBefore ? { outputBefore } : {}) });
    // What a scenario's test asserts, asserted here too: the snapshot kind where it is certain, and
    // that the same evidence judged against a deliberately wrong snapshot would not have passed.
    const assertionFailures = failedAssertions(definition, judged, material);
    const result = assertionFailures.length > 0 ? { ...judged, assertionFailures } : judged;
    return { result, ...(outputJudged ? { outputJudged } : {}) };
  } catch (error) {
    return { result: await failedResult(error, { id, base, evidence, startedAt, phases, deployment, ...(held.fault ? { faultAt: held.fault.at } : {}) }) };
  } finally {
    await watcher.stop().catch(() => undefined);
  }
}

/** Waits until the current job has completed `count` checkpoints with ids above `afterId`. */
async function newestCheckpointAfter(deployment: Deployment, afterId: number, count: number, timeoutMs: number): Promise<void> {
  // Quiet: a wait between faults, not a witness of one.
  const watcher = new CheckpointWatcher({ client: deployment.rest, jobId: deployment.jobId, onProgress: () => undefined });
  watcher.start();
  try {
    await watcher.waitFor((w) => w.snapshots().filter((s) => s.kind === 'checkpoint' && s.id > afterId).length >= count, {
      timeoutMs,
      description: `job running with ${count} completed checkpoint(s) after ${afterId}`,
    });
  } finally {
    await watcher.stop().catch(() => undefined);
  }
}
