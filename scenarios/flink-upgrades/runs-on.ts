// Facts the Flink-upgrade scenarios assert beyond their verdict.
import type { ScenarioResult } from '../../harness/report/results.ts';

/** The restored job runs on the release the upgrade went to (Flink's /overview says so). */
export function runsOn(flinkVersion: string): { fact: string; holds(result: ScenarioResult): boolean } {
  return { fact: `the restored job runs on Flink ${flinkVersion}`, holds: (result) => result.evidence.flinkVersionAfterRestore === flinkVersion };
}
