// The scenario files `frh run FILE.yaml...` was given (FRH_SCENARIO_FILES, validated by the CLI
// before vitest started, with the job its flags give), registered exactly as the built-in scenario files register theirs.
import { scenario } from './vitest.ts';
import { loadScenarioFiles, scenarioFilesFromEnv } from './yaml.ts';
import { commandLineJob, withCommandLineJob } from './command-line-job.ts';

// The job `frh run --job-jar ...` gave, in place of (or changing) each file's job.
const job = commandLineJob();
for (const { file, definition } of loadScenarioFiles(scenarioFilesFromEnv())) scenario(withCommandLineJob(definition, job, file));
