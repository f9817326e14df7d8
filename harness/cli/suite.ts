// `frh suite`: runs the scenario files with vitest in a child process, then prints the run's summary
// and exits with the code of the worst unexpected verdict. Ctrl-C still removes every container,
// except the deployments --keep left up (only `frh sweep` removes those).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { platformName, runIdFrom } from '../scenario/environment.ts';
import { cleanupsOf, platformDescriptor } from '../platforms/registry.ts';
import { loadRun, printRun } from '../report/console.ts';
import { EXIT_CODES, runExitCode } from '../judge/verdict.ts';
import { BadInputError } from '../support/errors.ts';
import { defaultSuiteParallelism, suiteShard, type ParsedArgs } from './options.ts';
import { reportRoot, ROOT } from './settings.ts';
import { plannedScenarioRuns, watchSuiteProgress } from './suite-progress.ts';

/** What to run: the built-in scenarios (filtered by file name), or given scenario files. */
export interface SuiteSelection {
  /** The vitest project (`frh repro` runs a bundle's scenario in the project it ran in). */
  project: string;
  /** Passed to vitest after the options (file-name filters). */
  filters: string[];
  /** vitest's --testNamePattern: only the tests whose names match (`frh repro`: one test of a file). */
  testNamePattern?: string;
  /** Set for the run (e.g. the scenario files to load). */
  env?: NodeJS.ProcessEnv;
}

/** `env` is the validated environment (validate.ts): the flags applied as FRH_* variables. */
export async function runSuite(args: ParsedArgs, validated: NodeJS.ProcessEnv, selection: SuiteSelection = { project: 'scenarios', filters: args.positional }): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...validated, ...selection.env };
  const runId = runIdFrom(env);
  env.FRH_RUN_ID = runId;
  const reportDir = reportRoot(env);
  env.FRH_REPORT_DIR = reportDir;
  const vitest = resolve(ROOT, 'node_modules/vitest/vitest.mjs');
  if (!existsSync(vitest)) throw new BadInputError('vitest is not installed: run ./run suite (it installs dependencies) or npm ci');
  // --parallel reaches vitest.config.ts as FRH_PARALLEL (in env); --shard is vitest's own option.
  if (env.FRH_PARALLEL === undefined && selection.project === 'scenarios') {
    const cores = availableParallelism();
    const memory = totalmem();
    const parallel = defaultSuiteParallelism(platformName(env), cores, memory);
    if (parallel > 1) {
      env.FRH_PARALLEL = String(parallel);
      process.stderr.write(`frh: ${parallel} scenarios at once (the default on ${platformDescriptor(platformName(env)).title} with ${cores} cores and ${Math.round(memory / 1024 ** 3)} GiB; --parallel 1 for one at a time)\n`);
    }
  }
  const shard = suiteShard(env);
  const shardArgs = shard ? [`--shard=${shard.index}/${shard.count}`] : [];
  const nameArgs = selection.testNamePattern ? [`--testNamePattern=${selection.testNamePattern}`] : [];
  const child = spawn(process.execPath, [vitest, 'run', '--project', selection.project, ...shardArgs, ...nameArgs, ...selection.filters], { cwd: ROOT, env, stdio: 'inherit' });
  // Worked out while vitest starts: reading the scenario files takes seconds the run need not wait for.
  const planned = plannedScenarioRuns(ROOT, selection.project, selection.filters, env).catch(() => undefined);
  const progressWatch = watchSuiteProgress({ scenariosDir: resolve(reportDir, runId, 'scenarios'), reportDir, runId, planned, env });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const exitCode: number = await new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 130 : 1))));
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  progressWatch.stop();
  await sweepRun(env, runId);
  const run = loadRun(reportDir, runId);
  if (!run || run.results.length === 0) {
    process.stderr.write(`frh: no scenario finished (vitest exit ${exitCode}); see the output above\n`);
    return exitCode === 0 ? EXIT_CODES.INFRA_ERROR : exitCode;
  }
  printRun(run);
  const worst = runExitCode(run.results);
  if (worst !== EXIT_CODES.PASS) return worst;
  return exitCode === 0 ? 0 : EXIT_CODES.INFRA_ERROR;
}

/** After Ctrl-C or a crash the containers or namespaces of the run may remain: delete them (by label only). */
async function sweepRun(env: NodeJS.ProcessEnv, runId: string): Promise<void> {
  for (const platform of cleanupsOf(platformName(env))) {
    if (platform.cleanup.sweptByEveryRun) {
      await platform.cleanup.sweep({ runId, env }).catch(() => 0);
      continue;
    }
    try {
      const removed = await platform.cleanup.sweep({ runId, env });
      if (removed > 0) process.stderr.write(`frh: removed ${removed} ${platform.cleanup.leaves} of run ${runId}\n`);
    } catch (error) {
      process.stderr.write(`frh: could not sweep the run's ${platform.cleanup.leaves}: ${(error as Error).message}\n`);
    }
  }
}
