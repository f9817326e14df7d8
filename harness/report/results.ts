// What a run leaves behind: one JSON file per scenario, regenerated into results.json and
// junit.xml after every scenario (so a crash keeps what finished), and reports/latest.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../checks/check.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import type { Verdict } from './verdict.ts';
import { toJunitXml } from './junit.ts';
import { redactResult } from './redact.ts';

export interface ScenarioResult {
  id: string;
  title: string;
  platform: string;
  flinkVersion: string;
  verdict: Verdict;
  /** What the scenario intended to end in (PASS, or the failing verdict a proof provokes). */
  expectedVerdict: Verdict;
  /** null when the run ended before an expectation could be computed. */
  expected: RestorePoint | null;
  observed: RestorePoint | null;
  explanation: string;
  checks: CheckResult[];
  evidence: Record<string, unknown>;
  /**
   * Assertions of the scenario's test that failed (restored kind, facts it also shows, the proof
   * that a wrong expectation fails); the report is written after all of them ran, so it agrees.
   */
  assertionFailures?: string[];
  timings: { startedAt: number; faultAt?: number; restoredAt?: number; finishedAt: number; phases: Record<string, number> };
}

export interface RunResults {
  runId: string;
  startedAt: number;
  results: ScenarioResult[];
}

/** The report of one run in `<rootDir>/<runId>/`; safe to use from several processes at once. */
export class RunReport {
  readonly dir: string;
  readonly #rootDir: string;
  readonly #runId: string;

  constructor(rootDir: string, runId: string) {
    this.#rootDir = rootDir;
    this.#runId = runId;
    this.dir = join(rootDir, runId);
  }

  /** Records a finished scenario and regenerates results.json, junit.xml and reports/latest. */
  async add(result: ScenarioResult): Promise<void> {
    result = redactResult(result);
    const scenarios = join(this.dir, 'scenarios');
    mkdirSync(scenarios, { recursive: true });
    writeAtomically(join(scenarios, `${result.id}-${result.platform}-flink-${result.flinkVersion}.json`), JSON.stringify(result, null, 2));
    const run = loadRun(this.#rootDir, this.#runId)!;
    writeAtomically(join(this.dir, 'results.json'), JSON.stringify(run, null, 2));
    writeAtomically(join(this.dir, 'junit.xml'), toJunitXml(run));
    pointLatestAt(this.#rootDir, this.#runId);
  }
}

/** Reads a run back from its per-scenario files (undefined when the run left none). */
export function loadRun(rootDir: string, runId: string): RunResults | undefined {
  const scenarios = join(rootDir, runId, 'scenarios');
  let files: string[];
  try {
    files = readdirSync(scenarios).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return undefined;
  }
  const results = files.map((f) => JSON.parse(readFileSync(join(scenarios, f), 'utf8')) as ScenarioResult);
  results.sort((a, b) => a.timings.startedAt - b.timings.startedAt);
  return { runId, startedAt: results[0]?.timings.startedAt ?? Date.now(), results };
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function pointLatestAt(rootDir: string, runId: string): void {
  const latest = join(rootDir, 'latest');
  const temporary = `${latest}.${process.pid}`;
  try {
    rmSync(temporary, { force: true });
    symlinkSync(runId, temporary);
    renameSync(temporary, latest);
  } catch {
    writeFileSync(latest, `${runId}\n`);
  }
}
