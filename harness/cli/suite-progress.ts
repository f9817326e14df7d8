// Progress of `frh suite` while vitest runs: after each scenario run, how many are done out of how
// many, the time so far and about how long the rest takes. The CLI's own process watches the run's
// scenario files (results.ts writes one per finished run), so this holds whichever vitest worker
// (--parallel) finished it. Plain lines, also on a terminal: vitest's own live output owns the screen.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScenarioDefinition } from '../scenario/definition.ts';
import { collectScenarios } from '../scenario/catalog-collector.ts';
import { DEFAULT_PLATFORMS } from '../scenario/definition.ts';
import { flinkVersions, platformName } from '../scenario/environment.ts';
import { loadScenarioFiles, scenarioFilesFromEnv } from '../scenario/yaml.ts';
import { loadHistoryRuns } from '../report/history.ts';
import { scenarioKey, type ScenarioResult } from '../report/results.ts';
import { median } from '../report/benchmark.ts';
import { progress } from '../support/progress.ts';
import { PLATFORM_SCENARIO_FOLDERS, platformDescriptor } from '../platforms/registry.ts';
import { suiteParallelism, suiteRepeats, suiteShard } from './options.ts';

/** The folders vitest's `scenarios` project reads (vitest.config.ts SCENARIOS); the zoo is not the suite's. */
const SUITE_SCENARIO_FOLDERS = ['scenarios', ...PLATFORM_SCENARIO_FOLDERS];

type RunKey = Pick<ScenarioResult, 'id' | 'platform' | 'flinkVersion'>;

/** "45s", "6m12s", "1h05m". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** "about 8m", rounded to minutes: an estimate with seconds would promise more than it knows. */
function formatEstimate(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 1 ? 'under a minute' : minutes < 60 ? `about ${minutes}m` : `about ${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export interface EstimateInput {
  /** The scenario runs still to come (one entry per run: a repeated scenario appears once per repetition). */
  pending: readonly RunKey[];
  /** Durations (ms) of the same scenarios in earlier runs, by id [platform, Flink version]. */
  earlier: ReadonlyMap<string, readonly number[]>;
  /** The scenario runs this run finished so far, and how long each took (ms). */
  finishedSoFar: ReadonlyArray<RunKey & { ms: number }>;
  /** How many scenario files vitest runs at once. */
  parallel: number;
}

/**
 * How long the pending scenario runs take, about: each as its median in earlier runs, scaled by how
 * much slower or faster this run has been than those medians (a busy machine), else the mean of this
 * run so far; undefined while neither is known for some of them. Runs at once (--parallel) share the time.
 */
export function estimateRemainingMs(input: EstimateInput): number | undefined {
  if (input.pending.length === 0) return 0;
  const finished = input.finishedSoFar;
  const meanSoFar = finished.length > 0 ? finished.reduce((sum, r) => sum + r.ms, 0) / finished.length : undefined;
  const comparable = finished.filter((r) => (input.earlier.get(scenarioKey(r))?.length ?? 0) > 0);
  const expectedOfComparable = comparable.reduce((sum, r) => sum + median(input.earlier.get(scenarioKey(r))!)!, 0);
  // Bounded: one odd scenario run should not turn the estimate upside down.
  const pace = expectedOfComparable > 0 ? Math.min(3, Math.max(1 / 3, comparable.reduce((sum, r) => sum + r.ms, 0) / expectedOfComparable)) : 1;
  let total = 0;
  for (const run of input.pending) {
    const earlier = input.earlier.get(scenarioKey(run));
    const each = earlier && earlier.length > 0 ? median(earlier)! * pace : meanSoFar;
    if (each === undefined) return undefined;
    total += each;
  }
  return total / Math.max(1, Math.min(input.parallel, input.pending.length));
}

/** "3/10 scenario runs done, 6m12s elapsed, about 8m left" (the total and estimate only when known). */
export function formatProgress(done: number, total: number | undefined, elapsedMs: number, remainingMs: number | undefined): string {
  const count = total === undefined ? `${done} scenario run(s) done` : `${done}/${total} scenario runs done`;
  const left = remainingMs === undefined || (total !== undefined && done >= total) ? '' : `, ${formatEstimate(remainingMs)} left`;
  return `${count}, ${formatDuration(elapsedMs)} elapsed${left}`;
}

/** Durations of each scenario in the earlier runs under the report root (not this run). */
export function earlierDurations(reportDir: string, runId: string): Map<string, number[]> {
  const durations = new Map<string, number[]>();
  let runs;
  try {
    runs = loadHistoryRuns(reportDir);
  } catch {
    return durations;
  }
  for (const run of runs) {
    if (run.runId === runId) continue;
    for (const r of run.results) {
      const list = durations.get(scenarioKey(r)) ?? [];
      list.push(r.timings.finishedAt - r.timings.startedAt);
      durations.set(scenarioKey(r), list);
    }
  }
  return durations;
}

/**
 * The scenario runs a suite selects, as vitest will register them: scenario files whose path holds
 * a filter (vitest's own matching), scenarios that run on the platform, each Flink version (or the
 * first), each repetition. Undefined under --shard: vitest decides which files a shard gets.
 */
export async function plannedScenarioRuns(root: string, project: string, filters: readonly string[], env: NodeJS.ProcessEnv): Promise<RunKey[] | undefined> {
  if (suiteShard(env)) return undefined;
  let definitions: ScenarioDefinition[];
  if (project === 'yaml') {
    definitions = loadScenarioFiles(scenarioFilesFromEnv(env)).map(({ definition }) => definition);
  } else {
    const files = SUITE_SCENARIO_FOLDERS.flatMap((folder) => {
      try {
        return readdirSync(join(root, folder)).filter((f) => f.endsWith('.scenario.ts')).sort().map((f) => `${folder}/${f}`);
      } catch {
        return [];
      }
    }).filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
    definitions = [];
    for (const file of files) definitions.push(...await collectScenarios(() => import(pathToFileURL(resolve(root, file)).href)));
  }
  const platform = platformName(env);
  const versions = flinkVersions(env);
  const repeats = suiteRepeats(env);
  const planned: RunKey[] = [];
  for (const definition of definitions) {
    // A platform that decides itself which scenarios it runs (its descriptor's cannotRun) plans those.
    const { cannotRun } = platformDescriptor(platform);
    if (cannotRun ? cannotRun(definition, env) !== undefined : !(definition.platforms ?? DEFAULT_PLATFORMS).includes(platform)) continue;
    for (const flinkVersion of definition.versions === 'first' ? versions.slice(0, 1) : versions) {
      for (let repetition = 0; repetition < repeats; repetition++) planned.push({ id: definition.id, platform, flinkVersion });
    }
  }
  return planned;
}

export interface SuiteProgressOptions {
  /** reports/<run>/scenarios, where each finished scenario run leaves its JSON. */
  scenariosDir: string;
  reportDir: string;
  runId: string;
  /** Resolves to the planned runs (undefined: not known, e.g. under --shard). */
  planned: Promise<RunKey[] | undefined>;
  env: NodeJS.ProcessEnv;
  pollMs?: number;
  write?: (line: string) => void;
}

/**
 * Watches the run's scenario files and writes a progress line whenever more have finished; stop()
 * looks once more (vitest may end between two polls, right after its last scenario) and ends it.
 */
export function watchSuiteProgress(options: SuiteProgressOptions): { stop(): void } {
  const write = options.write ?? progress;
  const startedAt = Date.now();
  const parallel = suiteParallelism(options.env);
  const earlier = earlierDurations(options.reportDir, options.runId);
  const seen = new Set<string>();
  const finished: ScenarioResult[] = [];
  let planned: RunKey[] | undefined;
  let stopped = false;
  const remaining = (): number | undefined => {
    if (!planned) return undefined;
    const pending = [...planned];
    for (const r of finished) {
      const index = pending.findIndex((p) => scenarioKey(p) === scenarioKey(r));
      if (index >= 0) pending.splice(index, 1);
    }
    return estimateRemainingMs({ pending, earlier, finishedSoFar: finished.map((r) => ({ ...r, ms: r.timings.finishedAt - r.timings.startedAt })), parallel });
  };
  options.planned.then((runs) => {
    planned = runs;
    if (stopped || !runs) return;
    const estimate = remaining();
    write(`${runs.length} scenario run(s) to do${estimate === undefined ? '' : `, ${formatEstimate(estimate)} judging by earlier runs`}`);
  }, () => undefined);
  const poll = (): void => {
    let names: string[];
    try {
      names = readdirSync(options.scenariosDir).filter((f) => f.endsWith('.json') && !seen.has(f));
    } catch {
      return;
    }
    let added = 0;
    for (const name of names) {
      try {
        finished.push(JSON.parse(readFileSync(join(options.scenariosDir, name), 'utf8')) as ScenarioResult);
        seen.add(name);
        added++;
      } catch {
        // Being written (results.ts renames it into place whole, but a foreign file may be partial): next poll.
      }
    }
    // A plan the run outgrew (a scenario file changed meanwhile) no longer gives a total.
    const total = planned && finished.length <= planned.length ? planned.length : undefined;
    if (added > 0) write(formatProgress(finished.length, total, Date.now() - startedAt, total === undefined ? undefined : remaining()));
  };
  const timer = setInterval(poll, options.pollMs ?? 2_000);
  timer.unref();
  return {
    stop(): void {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      poll();
    },
  };
}
