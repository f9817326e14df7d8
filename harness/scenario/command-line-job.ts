// `frh run --job-jar PATH --entry-class C --job-arg A... --flink-config PATH --flink-image IMAGE`:
// a user's job for the scenario files without editing them. The CLI sets the variables below (so
// vitest's workers see the same job); both sides read them here and check them the same way.
import type { UserJob } from '../platforms/deployment-spec.ts';
import { BadInputError, settingError } from '../support/errors.ts';
import { JAVA_CLASS_NAME } from '../platforms/user-job.ts';
import type { ScenarioDefinition } from './definition.ts';
import { ScenarioFileProblem, userJobFields } from './yaml.ts';

export const JOB_VARIABLES = {
  jar: 'FRH_JOB_JAR',
  entryClass: 'FRH_JOB_ENTRY_CLASS',
  /** A JSON array: the flag is repeatable. */
  args: 'FRH_JOB_ARGS',
  config: 'FRH_JOB_FLINK_CONFIG',
  image: 'FRH_FLINK_IMAGE',
} as const;

/** The flag that sets each variable, to name in a suggestion when the user typed flags. */
const FLAG_OF_VARIABLE: Record<string, string> = {
  [JOB_VARIABLES.jar]: '--job-jar', [JOB_VARIABLES.entryClass]: '--entry-class', [JOB_VARIABLES.args]: '--job-arg', [JOB_VARIABLES.config]: '--flink-config', [JOB_VARIABLES.image]: '--flink-image',
};

/** A setting not given, named as the user gives the others: a flag if they typed flags, else the variable. */
function suggested(variable: string, nameOf: (variable: string) => string, given: string): string {
  return nameOf(given).startsWith('--') ? FLAG_OF_VARIABLE[variable]! : variable;
}

export interface CommandLineJob {
  /** With a jar the job is the command line's alone; without, its fields change the file's job. */
  replacesFileJob: boolean;
  fields: Partial<UserJob>;
  /** The variable of the first job setting given, to name in a complaint. */
  firstGiven: string;
}

/** The job the variables give, checked (paths against the working directory); undefined when none is set. */
export function commandLineJob(env: NodeJS.ProcessEnv = process.env, nameOf: (variable: string) => string = (v) => v): CommandLineJob | undefined {
  const given = (variable: string): string | undefined => env[variable];
  const firstGiven = Object.values(JOB_VARIABLES).find((variable) => given(variable) !== undefined);
  if (firstGiven === undefined) return undefined;
  const jar = given(JOB_VARIABLES.jar);
  const entryClass = given(JOB_VARIABLES.entryClass);
  const config = given(JOB_VARIABLES.config);
  const image = given(JOB_VARIABLES.image);
  const args = argumentsOf(given(JOB_VARIABLES.args), nameOf(JOB_VARIABLES.args));
  if (jar !== undefined && entryClass === undefined) throw new BadInputError(`${nameOf(JOB_VARIABLES.jar)} needs ${suggested(JOB_VARIABLES.entryClass, nameOf, JOB_VARIABLES.jar)}: the class whose main() builds the job`);
  if (entryClass !== undefined && !JAVA_CLASS_NAME.test(entryClass)) throw settingError(nameOf(JOB_VARIABLES.entryClass), entryClass, 'not a Java class name (e.g. com.example.MyJob)');
  if (image !== undefined && image.trim() === '') throw settingError(nameOf(JOB_VARIABLES.image), image, 'is empty: give a local image tag');
  const valueOf: Record<string, string | undefined> = { jar, config };
  try {
    const fields = userJobFields({ ...(jar !== undefined ? { jar } : {}), ...(entryClass !== undefined ? { entryClass } : {}), ...(args ? { args } : {}), ...(config !== undefined ? { config } : {}) }, process.cwd(), []);
    return { replacesFileJob: jar !== undefined, fields: { ...fields, ...(image !== undefined ? { image } : {}) }, firstGiven };
  } catch (error) {
    if (!(error instanceof ScenarioFileProblem)) throw error;
    const field = String(error.path[0]) as 'jar' | 'config';
    const variable = JOB_VARIABLES[field];
    throw settingError(nameOf(variable), valueOf[field] ?? '', error.message);
  }
}

function argumentsOf(given: string | undefined, name: string): string[] | undefined {
  if (given === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(given);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw settingError(name, given, 'must be a JSON array of strings (the CLI sets it from each --job-arg)');
  return parsed;
}

/** The scenario with the command line's job: the file's replaced (a jar given) or changed field by field. */
export function withCommandLineJob(definition: ScenarioDefinition, job: CommandLineJob | undefined, file: string, nameOf: (variable: string) => string = (v) => v): ScenarioDefinition {
  if (!job) return definition;
  const fileJob = definition.userJob;
  if (job.replacesFileJob) {
    const replaced = { arguments: [], ...job.fields } as UserJob;
    return { ...definition, userJob: { prepare: async () => replaced, ...(fileJob?.upgrade ? { upgrade: fileJob.upgrade } : {}) } };
  }
  if (!fileJob) {
    throw new BadInputError(`${nameOf(job.firstGiven)}: ${file} has no job: (deployment.job); give ${suggested(JOB_VARIABLES.jar, nameOf, job.firstGiven)} and ${suggested(JOB_VARIABLES.entryClass, nameOf, job.firstGiven)} to run your job in it`);
  }
  return { ...definition, userJob: { ...fileJob, prepare: async (flinkVersion) => ({ ...(await fileJob.prepare(flinkVersion)), ...job.fields }) } };
}
