// The scenario files `frh run FILE.yaml...` was given (FRH_SCENARIO_FILES, validated by the CLI
// before vitest started), registered exactly as the built-in scenario files register theirs.
import { scenario } from './vitest.ts';
import { loadScenarioFiles, scenarioFilesFromEnv } from './yaml.ts';

for (const { definition } of loadScenarioFiles(scenarioFilesFromEnv())) scenario(definition);
