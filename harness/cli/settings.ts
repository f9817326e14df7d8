// Where the CLI's commands find the repository and the run folders, and which variable each flag
// sets: shared by validate, suite, repro and soak, and importing none of them.
import { resolve } from 'node:path';
import type { ParsedArgs } from './options.ts';
import { JOB_VARIABLES } from '../scenario/command-line-job.ts';
import { PLATFORM_OPTIONS } from '../platforms/registry.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The variable each flag sets; scenarios (in vitest's workers) read only variables. */
const VARIABLE_OF_FLAG: Record<string, string> = {
  platform: 'FRH_PLATFORM', flink: 'FRH_FLINK_VERSIONS', 'report-dir': 'FRH_REPORT_DIR', provider: 'FRH_CLUSTER_PROVIDER',
  'cluster-name': 'FRH_CLUSTER_NAME', name: 'FRH_CLUSTER_NAME', kubeconfig: 'FRH_KUBECONFIG', context: 'FRH_KUBE_CONTEXT',
  'resume-command': 'FRH_RESUME_COMMAND', parallel: 'FRH_PARALLEL', shard: 'FRH_SHARD', keep: 'FRH_KEEP',
  repeat: 'FRH_REPEAT', ...Object.fromEntries(PLATFORM_OPTIONS.map(({ option }) => [option.flag, option.variable])), 'job-jar': JOB_VARIABLES.jar, 'entry-class': JOB_VARIABLES.entryClass, 'job-arg': JOB_VARIABLES.args,
  'flink-config': JOB_VARIABLES.config, 'flink-image': JOB_VARIABLES.image,
};

/** The environment with each given flag set as its variable, and the name to quote for a variable. */
export function withFlagsApplied(args: ParsedArgs, base: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; nameOf: (variable: string) => string } {
  const env: NodeJS.ProcessEnv = { ...base };
  const typed = new Map<string, string>();
  for (const [flag, value] of args.flags) {
    const variable = VARIABLE_OF_FLAG[flag];
    if (!variable) continue;
    env[variable] = value === true ? '1' : value;
    typed.set(variable, `--${flag}`);
  }
  return { env, nameOf: (variable) => typed.get(variable) ?? variable };
}

/** The variables the flags given set (they override a repro bundle's settings). */
export function variablesOfFlags(args: ParsedArgs): Set<string> {
  return new Set([...args.flags.keys()].flatMap((flag) => VARIABLE_OF_FLAG[flag] ?? []));
}

/** Where run folders go: FRH_REPORT_DIR (set by --report-dir too), else reports/ in the repository. */
export function reportRoot(env: NodeJS.ProcessEnv): string {
  return resolve(env.FRH_REPORT_DIR ?? resolve(ROOT, 'reports'));
}

