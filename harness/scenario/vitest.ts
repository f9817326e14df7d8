// Registers a scenario as a vitest test per Flink version: run it, record it, assert its intended
// verdict, and prove that its checks would have failed a wrong restore.
import { expect, inject, test } from 'vitest';
import { runScenario } from './run-scenario.ts';
import type { JudgedMaterial } from './run-scenario.ts';
import type { ScenarioDefinition } from './definition.ts';
import { deliberatelyWrong } from './proofs.ts';
import { flinkVersions } from './environment.ts';
import { DockerPlatform } from '../platforms/docker/docker-platform.ts';
import { RunReport } from '../report/results.ts';
import { coreChecks, runChecks } from '../checks/index.ts';
import { judge } from '../report/judge.ts';

const SCENARIO_TIMEOUT_MS = 15 * 60_000;

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
    reportDir: string;
  }
}

/** Declares a scenario; reads like the sentence in `definition.title`. */
export function scenario(definition: ScenarioDefinition): void {
  const versions = flinkVersions();
  for (const flinkVersion of definition.versions === 'first' ? versions.slice(0, 1) : versions) {
    test(`${definition.title} [Flink ${flinkVersion}]`, async () => {
      const runId = inject('runId');
      const platform = new DockerPlatform({ runId });
      let material: JudgedMaterial | undefined;
      const result = await runScenario(definition, { platform, flinkVersion, onJudged: (m) => (material = m) });
      await new RunReport(inject('reportDir'), runId).add(result);

      expect(result.verdict, result.explanation).toBe(definition.expect.verdict);
      if (definition.expect.restored) expect(result.observed?.kind, result.explanation).toBe(definition.expect.restored);
      for (const { fact, holds } of definition.alsoShows ?? []) expect(holds(result), `${fact} (see ${result.id} in results.json)`).toBe(true);
      if (definition.expect.verdict === 'PASS') {
        expect(material, 'a PASS must come from judged evidence').toBeDefined();
        const wrong = deliberatelyWrong(material!.expectation);
        const rejudged = judge({ expectation: wrong, checks: runChecks(coreChecks, material!.observation, wrong) });
        expect(rejudged.verdict, `the same evidence judged against ${JSON.stringify(wrong.expected)} must fail`).not.toBe('PASS');
      }
    }, SCENARIO_TIMEOUT_MS);
  }
}
