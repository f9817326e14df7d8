// Writes the HTML report of a run (see html.ts) into its folder: every scenario's page and
// index.html with the history of the runs beside it. Used by RunReport after each scenario and by
// `frh report`. Atomic writes with names unique per process and thread, like results.ts.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults, ScenarioResult } from './results.ts';
import { renderIndex, renderScenarioPage, scenarioBaseName } from './html.ts';
import { buildHistory, HISTORY_RUNS, loadHistoryRuns } from './history.ts';

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** scenarios/<id>-<platform>-flink-<v>.html of one scenario. */
export function writeScenarioPage(runDir: string, runId: string, result: ScenarioResult): string {
  const scenarios = join(runDir, 'scenarios');
  mkdirSync(scenarios, { recursive: true });
  const path = join(scenarios, `${scenarioBaseName(result)}.html`);
  const bundle = existsSync(join(runDir, scenarioBaseName(result), 'bundle.tar.gz'));
  writeAtomically(path, renderScenarioPage(result, runId, { bundle }));
  return path;
}

/**
 * index.html of a run; its history section covers the runs given (the other runs of the report
 * root, see otherRuns) and this one.
 */
export function writeIndex(runDir: string, run: RunResults, otherRuns: readonly RunResults[] = []): string {
  const runs = [...otherRuns.filter((r) => r.runId !== run.runId), run].sort((a, b) => a.startedAt - b.startedAt || a.runId.localeCompare(b.runId)).slice(-HISTORY_RUNS);
  const path = join(runDir, 'index.html');
  writeAtomically(path, renderIndex(run, runs.length > 1 ? buildHistory(runs) : undefined));
  return path;
}

/** The other runs of a report root, for the history section (the last HISTORY_RUNS). */
export function otherRunsOf(rootDir: string, runId: string): RunResults[] {
  try {
    return loadHistoryRuns(rootDir, HISTORY_RUNS).filter((r) => r.runId !== runId);
  } catch {
    return [];
  }
}

/** Every page and the index of a run (what `frh report RUN_DIR` does). */
export function writeHtmlReport(rootDir: string, run: RunResults): { index: string; pages: string[] } {
  const runDir = join(rootDir, run.runId);
  const pages = run.results.map((r) => writeScenarioPage(runDir, run.runId, r));
  return { index: writeIndex(runDir, run, otherRunsOf(rootDir, run.runId)), pages };
}
