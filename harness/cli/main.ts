#!/usr/bin/env node
// The harness CLI. Bad input ends in one line on stderr and exit code 2; verdicts map to EXIT_CODES.
import { runSuite } from './suite.ts';
import { classifyError } from '../scenario/errors.ts';
import { EXIT_CODES } from '../judge/verdict.ts';
import { platformName } from '../scenario/environment.ts';
import { PLATFORMS, PLATFORM_NAMES, platformDescriptor } from '../platforms/registry.ts';
import { SOAK_PLATFORMS } from '../soak/schedule.ts';
import { runDoctor } from './doctor.ts';
import { runCluster } from './cluster.ts';
import { runLeakCheck } from './leak-check.ts';
import { runScenarioFiles } from './run.ts';
import { runList } from './list.ts';
import { runRepro } from './repro.ts';
import { historyRequest, reportFolderToCheck, reportFolderToRender, validateInvocation } from './validate.ts';
import { runHistory, runReport } from './report.ts';
import { runSoakCommand } from './soak.ts';

const HELP = `frh: proves Flink restores from the newest checkpoint or savepoint

Usage:
  frh suite [SCENARIO-FILTER...] [--platform ${PLATFORM_NAMES.join('|')}] [--flink 2.3.0,1.20.0] [--report-dir DIR]
            [--provider local|kind|minikube|existing] [--cluster-name NAME] [--kubeconfig FILE] [--context CONTEXT]
            [--resume-command COMMAND] [--keep] [--repeat N] [--parallel N] [--shard I/N] [--flink-deployment FILE]
      Run the core scenarios (all, or those whose file names contain a filter) on Docker (the
      default), on Kubernetes (the local cluster built here unless --provider says otherwise;
      Kubernetes-only scenarios are skipped on Docker), or under the Flink Kubernetes Operator
      (operator: the operator decides how a job stops and what it restores). --resume-command:
      your own command decides what an ended job resumes from (it prints an s3:// snapshot path or
      none; see the README). --keep: a scenario that does not end as intended leaves its
      deployment up; the run's summary says how to reach its Flink UI, MinIO and logs.
      --flink-deployment FILE (operator): every scenario deploys your own FlinkDeployment YAML,
      with only what the run needs set (storage, HA, restarts, name); each override is listed in
      the result's evidence.flinkDeployment.
      --repeat N (1-100): each scenario runs N times, each deployed afresh and judged alone; a
      flake table at the end says per scenario its runs, how many ended as intended, the verdicts.
      --parallel N: N scenario files at once; --shard I/N: the I-th of N parts of the suite.
      A line after each scenario run: done/total, elapsed, about how long is left.
      Results: reports/<run>/results.json and junit.xml; reports/latest points at the newest run.
  frh run FILE.yaml... [the options of suite, except filters]
          [--job-jar JAR --entry-class CLASS] [--job-arg ARG]... [--flink-config CONFIG.yaml] [--flink-image IMAGE]
      Run scenarios written in YAML (see README, "Scenarios in YAML"; schema:
      schemas/scenario.schema.json) exactly as the suite runs the built-in ones. Every file is
      validated first: a mistake names file:line:column and the field, exit 2.
      --job-jar with --entry-class: your own job instead of each file's job (or the probe);
      --job-arg (repeatable), --flink-config, --flink-image alone change the file's job:.
      --flink-image: your Flink image (local on Docker; of the run's Flink version) for the job.
  frh repro BUNDLE [--report-dir DIR] [--provider ...] [--cluster-name NAME] [--kubeconfig FILE] [--context CONTEXT]
            [--resume-command COMMAND] [--trust-bundle]
      Run the scenario of a repro bundle (reports/<run>/<scenario>/bundle.tar.gz) again: the same
      scenario on the same platform and Flink version with the run's settings (flags here override
      them), then print "reproduced: <VERDICT> again" or "not reproduced: bundle <A>, now <B>".
      A soak fault's bundle reruns its soak's schedule (same seed) up to and including that fault.
      It first prints what the bundle would run or change. A resume command, kubeconfig, cluster
      provider or name, image, job file or FlinkDeployment the bundle names is used only with
      --trust-bundle (without it: the list and exit 2); a bundle's --context is never used.
      Exit codes as for suite.
  frh soak [--seed N] [--duration 30m] [--faults taskmanager,jobmanager,...] [--min-gap 45s]
           [--platform ${SOAK_PLATFORMS.join('|')}] [--provider ...] [--cluster-name NAME] [--kubeconfig FILE] [--context CONTEXT]
           [--flink 2.3.0] [--resume-command COMMAND] [--report-dir DIR] [--dry-run]
      One deployment of the probe job (Docker, or a namespace on the Kubernetes cluster the suite
      would use) lives through faults at random times drawn from the seed (default: a drawn seed,
      printed); each gap is 1 to 1.5 times --min-gap so the job recovers and checkpoints between
      faults. Faults (only those the platform can inject are drawn): taskmanager, jobmanager,
      jobmanager-replaced (recovered in place), cancel, stop-with-savepoint (the job ends; the
      platform's resume brings it back: LATEST_STATE, or --resume-command), suspend, upgrade (the
      spec changed: suspended and set running again, parallelism 2 <-> 1; the platform's controller
      restores, judged by its mode, e.g. the Operator's upgradeMode). Every recovery is
      judged like a scenario (restored vs the newest snapshot at that fault, with every witness):
      one result per fault (soak-<seed>-<k>-<fault>) in reports/<run>/, then a table and the exit
      code of the worst unexpected verdict. --dry-run prints the schedule only (the same seed gives
      the same schedule). A miss's bundle reruns with frh repro: the schedule up to that fault.
  frh list [FILE.yaml...] [--format human|json]
      Every scenario, built-in and given: id, platforms, the platform abilities it needs, its
      fault, what it expects, its file and title.
  frh doctor FILE... | --namespace NS [--kubeconfig FILE] [--context CONTEXT] [--format human|json] [--flink VERSION]
      Check Flink configs (config.yaml, flink-conf.yaml), FlinkDeployments, Ververica Platform
      Deployments or harness settings for what keeps a restore from the latest state.
      Exit 0 clean, 1 findings (errors or warnings), 3 a file cannot be read or understood.
  frh cluster up|down|nodes|load-image IMAGE... [--provider local|kind|minikube|existing]
                [--name NAME] [--kubeconfig FILE] [--context CONTEXT]
      The Kubernetes cluster for the Kubernetes platform: local (built from source here, the
      default), kind, minikube, or an existing one (never created or deleted by the harness).
  frh sweep [--run RUN-ID] [--platform ${PLATFORM_NAMES.join('|')}] [--provider ...] [--kubeconfig ...] [--except-kept]
      Remove containers and networks (Docker) or namespaces (Kubernetes) left by crashed runs and
      deployments kept by --keep, or every one of RUN-ID (only those carrying the harness's labels).
      --except-kept: leave what --keep kept.
  frh leak-check [REPORT-FOLDER]
      Look for the MinIO credentials in every file of a run's report (default reports/latest).
      Exit 0 none, 1 found.
  frh report [RUN-FOLDER]
      Write a run's HTML report (default reports/latest): index.html, one row per scenario, and a
      page per scenario with its timeline; opens from disk. Every run writes it as it goes.
  frh report --history [REPORTS-FOLDER ...] [--runs N]
      Each scenario's verdicts across the last N runs (default 30) of one or more report roots
      (default reports/), e.g. every CI shard's or clone's reports/ as one flake table.

Platforms (--platform; the first is the default):
${PLATFORMS.map((p) => `  ${p.name.padEnd(11)} ${p.summary}`).join('\n')}

Exit codes: 0 every scenario ended as intended; 2 bad input; 10 RESTORE_MISMATCH; 11 STATE_LOSS;
12 NO_RESTORE; 13 TIMEOUT; 20 INFRA_ERROR (the worst unexpected verdict wins).`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Hidden: ./run asks this before bootstrapping, and provides what the command needs.
  if (command === 'validate') {
    // `images` carries the names to build: `docker images:zookeeper,minio,probe-flink-2.1.0`.
    const { needs, images } = await validateInvocation(argv.slice(1));
    process.stdout.write(`${needs.map((need) => (need === 'images' && images ? `images:${images.join(',')}` : need)).join(' ')}\n`);
    return 0;
  }
  const { args, env } = await validateInvocation(argv);
  switch (command) {
    case 'suite':
      return runSuite(args, env);
    case 'run':
      return runScenarioFiles(args, env);
    case 'repro':
      return runRepro(args, env);
    case 'soak':
      return runSoakCommand(args, env);
    case 'list':
      return runList(args);
    case 'doctor':
      return runDoctor(args);
    case 'cluster':
      return runCluster(args, env);
    case 'leak-check':
      return runLeakCheck(reportFolderToCheck(args, env));
    case 'report':
      if (args.flags.has('history')) {
        const { folders, runs } = historyRequest(args, env);
        return runHistory(folders, runs);
      }
      return runReport(reportFolderToRender(args, env));
    case 'sweep':
      return runSweep(args.flags.get('run'), env, { removeKept: !args.flags.has('except-kept') });
    default:
      throw new Error(`validateInvocation accepted "${command}" but main has no handler for it`);
  }
}

/** A person's sweep removes what `--keep` kept too (./run's exit trap passes --except-kept). */
async function runSweep(run: string | true | undefined, env: NodeJS.ProcessEnv, options: { removeKept: boolean }): Promise<number> {
  const runId = typeof run === 'string' ? run : undefined;
  const { cleanup } = platformDescriptor(platformName(env));
  const removed = await cleanup.sweep({ ...(runId ? { runId } : {}), removeKept: options.removeKept, env });
  process.stdout.write(`removed ${removed} ${cleanup.sweptByEveryRun ? 'leftover ' : ''}${cleanup.leaves}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { verdict, message } = classifyError(error);
    process.stderr.write(`frh: ${message}\n`);
    if (process.env.FRH_DEBUG) console.error(error);
    process.exit(EXIT_CODES[verdict]);
  },
);
