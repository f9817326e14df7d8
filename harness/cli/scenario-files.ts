// Which scenario files a suite filter selects. vitest matches its filters against file paths and
// runs nothing (exit 1) when none matches; the user should hear which scenarios exist instead.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../support/errors.ts';
import { PLATFORMS, PLATFORM_SCENARIO_FOLDERS } from '../platforms/registry.ts';

/** The folders of vitest's `scenarios` project (vitest.config.ts), and the zoo, which only ./run test runs. */
const SUITE_FOLDERS = ['scenarios', ...PLATFORM_SCENARIO_FOLDERS];
const ZOO_FOLDER = 'scenarios/zoo';

/** Scenario files relative to the repository, e.g. scenarios/kubernetes/02-storage-outage.scenario.ts. */
export function scenarioFiles(root: string, folders: readonly string[]): string[] {
  return folders.flatMap((folder) => {
    try {
      return readdirSync(join(root, folder)).filter((f) => f.endsWith('.scenario.ts')).sort().map((f) => `${folder}/${f}`);
    } catch {
      return [];
    }
  });
}

/** How a person names a scenario file: its path below scenarios/, without .scenario.ts. */
function scenarioName(file: string): string {
  return file.replace(/^scenarios\//, '').replace(/\.scenario\.ts$/, '');
}

/** Checks every filter selects at least one scenario the suite runs on this platform. */
export function checkScenarioFilters(root: string, filters: readonly string[], platform: string): void {
  const suite = scenarioFiles(root, SUITE_FOLDERS);
  const zoo = scenarioFiles(root, [ZOO_FOLDER]);
  for (const filter of filters) {
    if (!/^[a-z0-9-]+$/.test(filter)) throw new BadInputError(`scenario filter "${filter}": use part of a scenario file name (a-z, 0-9, -)`);
    const selected = suite.filter((file) => file.includes(filter));
    if (selected.length === 0) {
      const inZoo = zoo.filter((file) => file.includes(filter));
      if (inZoo.length > 0) throw new BadInputError(`scenario filter "${filter}" selects only zoo scenarios (${inZoo.map(scenarioName).join(', ')}), which the suite does not run; ./run test runs the zoo`);
      throw new BadInputError(`scenario filter "${filter}" matches no scenario; the suite has: ${suite.map(scenarioName).join(', ')} (zoo, run by ./run test: ${zoo.map(scenarioName).join(', ')})`);
    }
    // Registry order: a filter selecting only another platform's own scenarios names the first such platform.
    // A platform that decides itself which scenarios it runs (cannotRun) says why for each one it skips.
    for (const owner of PLATFORMS.find((p) => p.name === platform)?.cannotRun ? [] : PLATFORMS) {
      if (owner.ownScenarioFolder === undefined || owner.name === platform) continue;
      if (selected.every((file) => file.startsWith(`${owner.ownScenarioFolder}/`))) {
        throw new BadInputError(`scenario filter "${filter}" selects only ${owner.title} scenarios (${selected.map(scenarioName).join(', ')}), which are skipped on ${platform}; add --platform ${owner.name}`);
      }
    }
  }
}
