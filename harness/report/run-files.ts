// Reading a run's results back, and the key a scenario run goes by: what the history and flake
// tables need of results.ts without importing its writers (which import them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults, ScenarioResult } from './results.ts';

/** A scenario as the reports group its runs: `id [platform, Flink version]`. */
export const scenarioKey = (r: Pick<ScenarioResult, 'id' | 'platform' | 'flinkVersion'>): string => `${r.id} [${r.platform}, Flink ${r.flinkVersion}]`;

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
