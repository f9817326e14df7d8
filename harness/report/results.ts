// What a run leaves behind: one JSON file per scenario, regenerated into results.json and
// junit.xml after every scenario (so a crash keeps what finished), and reports/latest.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../checks/check.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import type { KeptDeployment } from '../platforms/platform.ts';
import type { Verdict } from '../judge/verdict.ts';
import { toJunitXml } from './junit.ts';
import { redactResult } from './redact.ts';
import { otherRunsOf, writeIndex, writeScenarioPage } from './html-writer.ts';
import { deservesBundle, writeReproBundle, type BundleContext } from './bundle.ts';
import { scenarioBaseName } from './html.ts';
import { progress } from '../support/progress.ts';

// Read by the history and flake tables too, which the writers here import: kept in a file of their own.
export { loadRun, scenarioKey } from './run-files.ts';
import { loadRun } from './run-files.ts';


export interface ScenarioResult {
  id: string;
  title: string;
  platform: string;
  flinkVersion: string;
  /** Which run of the scenario this was under `frh suite --repeat N` (1-based); absent when it ran once. */
  repetition?: number;
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
  timings: {
    startedAt: number;
    faultAt?: number;
    restoredAt?: number;
    finishedAt: number;
    phases: Record<string, number>;
    /** When each step from the restore to the verdict ended (observe.ts's AfterRestoreMarks). */
    afterRestore?: Record<string, number>;
  };
  /** The deployment `--keep` left up because the scenario did not end as intended, and how to reach it. */
  kept?: KeptDeployment;
}

export interface RunResults {
  runId: string;
  startedAt: number;
  results: ScenarioResult[];
}

/**
 * The report of one run in `<rootDir>/<runId>/`; safe to use from several processes (and threads)
 * at once, as `frh suite --parallel N` does: each scenario's file is its own, and the summaries are
 * regenerated until the scenario files did not change meanwhile, so the last summary written
 * covers every scenario that finished.
 */
export class RunReport {
  readonly dir: string;
  readonly #rootDir: string;
  readonly #runId: string;

  constructor(rootDir: string, runId: string) {
    this.#rootDir = rootDir;
    this.#runId = runId;
    this.dir = join(rootDir, runId);
  }

  /**
   * Records a finished scenario and regenerates results.json, junit.xml and reports/latest; a
   * failing one also gets its repro bundle (`bundle` says where it ran).
   */
  async add(result: ScenarioResult, bundle: BundleContext = {}): Promise<void> {
    result = redactResult(result);
    const scenarios = join(this.dir, 'scenarios');
    mkdirSync(scenarios, { recursive: true });
    writeAtomically(join(scenarios, `${scenarioBaseName(result)}.json`), JSON.stringify(result, null, 2));
    if (deservesBundle(result)) htmlSafely(() => writeReproBundle(this.dir, result, bundle));
    htmlSafely(() => writeScenarioPage(this.dir, this.#runId, result));
    this.#writeSummaries(scenarios);
    pointLatestAt(this.#rootDir, this.#runId);
  }

  /**
   * results.json and junit.xml from the scenario files. Another writer may add its file while this
   * one reads, and its summary may then land before this one's (stale) summary: so after writing,
   * look again, and write again if the scenario files changed. Whoever writes last saw no change
   * after its write, hence read every file that existed then, and every file added later is
   * followed by its own writer's summary.
   */
  #writeSummaries(scenarios: string): void {
    // The other runs (for index.html's history) do not change while this one writes: read once.
    let otherRuns: RunResults[] | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const before = fingerprint(scenarios);
      const run = loadRun(this.#rootDir, this.#runId)!;
      writeAtomically(join(this.dir, 'results.json'), JSON.stringify(run, null, 2));
      writeAtomically(join(this.dir, 'junit.xml'), toJunitXml(run));
      htmlSafely(() => writeIndex(this.dir, run, (otherRuns ??= otherRunsOf(this.#rootDir, this.#runId))));
      if (fingerprint(scenarios) === before) return;
    }
  }
}

/** The HTML report and repro bundles are for people: failing to write them never costs results.json or junit.xml. */
function htmlSafely(write: () => unknown): void {
  try {
    write();
  } catch (error) {
    progress(`HTML report or repro bundle not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Names and identities of the scenario files (a replaced file gets a new inode). */
function fingerprint(scenarios: string): string {
  return readdirSync(scenarios)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const stat = statSync(join(scenarios, f), { throwIfNoEntry: false });
      return `${f}:${stat?.ino}:${stat?.mtimeMs}:${stat?.size}`;
    })
    .join('\n');
}

/** Unique per process and thread, so concurrent writers never share a temporary file. */
function temporaryName(path: string): string {
  return `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
}


function writeAtomically(path: string, text: string): void {
  const temporary = temporaryName(path);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function pointLatestAt(rootDir: string, runId: string): void {
  const latest = join(rootDir, 'latest');
  const temporary = temporaryName(latest);
  try {
    rmSync(temporary, { force: true });
    symlinkSync(runId, temporary);
    renameSync(temporary, latest);
  } catch {
    rmSync(temporary, { force: true });
    writeFileSync(latest, `${runId}\n`);
  }
}
