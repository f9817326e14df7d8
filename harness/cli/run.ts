// `frh run FILE.yaml...`: runs scenario files through the same path as `frh suite` (vitest's `yaml`
// project, harness/scenario/yaml-run.scenario.ts, with the same platform and options), then prints
// the run's summary and exits with the code of the worst unexpected verdict.
import { resolve } from 'node:path';
import { SCENARIO_FILES_VARIABLE } from '../scenario/yaml.ts';
import type { ParsedArgs } from './options.ts';
import { runSuite } from './suite.ts';

/** `env` is the validated environment (validate.ts checked every file before this runs). */
export function runScenarioFiles(args: ParsedArgs, validated: NodeJS.ProcessEnv): Promise<number> {
  const files = JSON.stringify(args.positional.map((file) => resolve(file)));
  return runSuite(args, validated, { project: 'yaml', filters: [], env: { [SCENARIO_FILES_VARIABLE]: files } });
}
