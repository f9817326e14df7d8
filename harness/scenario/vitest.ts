// Registers a scenario as a vitest test per Flink version, and per repetition under --repeat (each
// deployed afresh and judged alone): run it, assert its intended verdict and that its checks would
// have failed a wrong restore, record all of that, then fail on any miss.
import { expect, inject, test } from 'vitest';
import { runScenario } from './run-scenario.ts';
import type { JudgedMaterial } from './run-scenario.ts';
import { DEFAULT_PLATFORMS, type ScenarioDefinition } from './definition.ts';
import { failedAssertions } from './assertions.ts';
import { clusterSettings, flinkVersions, keepFailingDeployments, platformName, suiteRepeats } from './environment.ts';
import type { Platform } from '../platforms/platform.ts';
import { platformDescriptor, sweepCommand } from '../platforms/registry.ts';
import { RunReport } from '../report/results.ts';
import { scenarioCollector } from './catalog-collector.ts';
import { yamlScenarioFileOf } from './yaml.ts';
import { redactText } from '../support/redact.ts';
import { progress } from '../support/progress.ts';

export { DEFAULT_PLATFORMS };

const SCENARIO_TIMEOUT_MS = 15 * 60_000;

/** The platform of this run (on Kubernetes: its cluster, up and holding the run's images). */
function platformOfRun(runId: string): Promise<Platform> {
  return platformDescriptor(platformName()).create({ runId, env: process.env, flinkVersions: flinkVersions() });
}

/** Declares a scenario; reads like the sentence in `definition.title`. */
export function scenario(definition: ScenarioDefinition): void {
  // `frh list` reads the definitions without running them (harness/scenario/catalog.ts).
  const collect = scenarioCollector();
  if (collect) return collect(definition);
  const versions = flinkVersions();
  const platform = platformName();
  // A platform may decide which scenarios it runs (its descriptor's cannotRun); else the scenario's platforms do.
  const { cannotRun } = platformDescriptor(platform);
  const whyNot = cannotRun?.(definition, process.env);
  const runsHere = cannotRun ? whyNot === undefined : (definition.platforms ?? DEFAULT_PLATFORMS).includes(platform);
  const repeats = suiteRepeats();
  for (const flinkVersion of definition.versions === 'first' ? versions.slice(0, 1) : versions) {
    for (let repetition = 1; repetition <= repeats; repetition++) {
      const name = `${definition.title} [${platform}, Flink ${flinkVersion}]${repeats > 1 ? ` (run ${repetition} of ${repeats})` : ''}`;
      if (whyNot !== undefined) {
        // vitest's default reporter does not print a skip's note: the run's output says why too.
        test(name, ({ skip }) => {
          progress(`${definition.id}: skipped on ${platform}: ${whyNot}`);
          skip(`${platform} cannot run it: ${whyNot}`);
        });
        continue;
      }
      test.skipIf(!runsHere)(name, async ({ task }) => {
        const runId = inject('runId');
        const platform = await platformOfRun(runId);
        let material: JudgedMaterial | undefined;
        const result = await runScenario(definition, {
          platform,
          flinkVersion,
          ...(repeats > 1 ? { repetition } : {}),
          onJudged: (m) => (material = m),
          // Every assertion runs before the report is written, so the report fails exactly what the
          // test fails, and before teardown, so --keep keeps exactly those deployments.
          assess: (judged) => {
            const assertionFailures = failedAssertions(definition, judged, material);
            return assertionFailures.length > 0 ? { ...judged, assertionFailures } : judged;
          },
          ...(keepFailingDeployments() ? { keep: { removeWith: sweepCommand(runId, platform.name, clusterSettings()) } } : {}),
        });
        // The bundle records the project and file, so `frh repro` runs this very test again.
        const scenarioYaml = yamlScenarioFileOf(definition.id, process.env);
        const ranIn = { ...(task.file.projectName ? { project: task.file.projectName } : {}), testFile: task.file.filepath, ...(scenarioYaml ? { scenarioYaml } : {}) };
        await new RunReport(inject('reportDir'), runId).add(result, ranIn);
        // The message lands in vitest's output and JUnit file: redacted as the report is.
        expect((result.assertionFailures ?? []).map(redactText), redactText(result.explanation)).toEqual([]);
      }, SCENARIO_TIMEOUT_MS);
    }
  }
}
