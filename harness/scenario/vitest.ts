// Registers a scenario as a vitest test per Flink version: run it, record it, assert its intended
// verdict, and prove that its checks would have failed a wrong restore.
import { expect, inject, test } from 'vitest';
import { runScenario } from './run-scenario.ts';
import type { JudgedMaterial } from './run-scenario.ts';
import type { ScenarioDefinition } from './definition.ts';
import { deliberatelyWrong } from './proofs.ts';
import { flinkVersions, platformName } from './environment.ts';
import type { Platform } from '../platforms/platform.ts';
import { DockerPlatform } from '../platforms/docker/docker-platform.ts';
import { KubernetesPlatform } from '../platforms/kubernetes/kubernetes-platform.ts';
import { prepareKubernetesCluster } from './kubernetes-cluster.ts';
import { RunReport } from '../report/results.ts';
import { checksFor, runChecks } from '../checks/index.ts';
import { judge } from '../report/judge.ts';

const SCENARIO_TIMEOUT_MS = 15 * 60_000;

/** The platform of this run (on Kubernetes: its cluster, up and holding the run's images). */
async function platformOfRun(runId: string): Promise<Platform> {
  if (platformName() === 'kubernetes') return new KubernetesPlatform({ runId, cluster: await prepareKubernetesCluster() });
  return new DockerPlatform({ runId });
}

/** Declares a scenario; reads like the sentence in `definition.title`. */
export function scenario(definition: ScenarioDefinition): void {
  const versions = flinkVersions();
  const platform = platformName();
  const runsHere = !definition.platforms || definition.platforms.includes(platform);
  for (const flinkVersion of definition.versions === 'first' ? versions.slice(0, 1) : versions) {
    test.skipIf(!runsHere)(`${definition.title} [${platform}, Flink ${flinkVersion}]`, async () => {
      const runId = inject('runId');
      const platform = await platformOfRun(runId);
      let material: JudgedMaterial | undefined;
      const result = await runScenario(definition, { platform, flinkVersion, onJudged: (m) => (material = m) });
      await new RunReport(inject('reportDir'), runId).add(result);

      expect(result.verdict, result.explanation).toBe(definition.expect.verdict);
      if (definition.expect.restored) expect(result.observed?.kind, result.explanation).toBe(definition.expect.restored);
      for (const { fact, holds } of definition.alsoShows ?? []) expect(holds(result), `${fact} (see ${result.id} in results.json)`).toBe(true);
      if (definition.expect.verdict === 'PASS') {
        expect(material, 'a PASS must come from judged evidence').toBeDefined();
        const wrong = deliberatelyWrong(material!.expectation);
        const rejudged = judge({ expectation: wrong, checks: runChecks(checksFor(material!.observation), material!.observation, wrong) });
        expect(rejudged.verdict, `the same evidence judged against ${JSON.stringify(wrong.expected)} must fail`).not.toBe('PASS');
      }
    }, SCENARIO_TIMEOUT_MS);
  }
}
