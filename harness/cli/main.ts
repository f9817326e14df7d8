#!/usr/bin/env node
// The harness CLI. Bad input ends in one line on stderr and exit code 2; verdicts map to EXIT_CODES.
import { parseArgs } from './options.ts';
import { runSuite } from './suite.ts';
import { classifyError } from '../scenario/errors.ts';
import { EXIT_CODES } from '../report/verdict.ts';
import { sweep } from '../platforms/docker/docker-api.ts';
import { clusterSettings, platformName, runIdFrom } from '../scenario/environment.ts';
import { clusterProvider } from '../clusters/index.ts';
import { KubernetesPlatform } from '../platforms/kubernetes/kubernetes-platform.ts';
import { runDoctor } from './doctor.ts';
import { CLUSTER_FLAGS, clusterFlags, runCluster } from './cluster.ts';

const HELP = `frh: proves Flink restores from the newest checkpoint or savepoint

Usage:
  frh suite [SCENARIO-FILTER...] [--platform docker|kubernetes] [--flink 2.1.0,1.20.0] [--report-dir DIR]
            [--provider local|kind|minikube|existing] [--cluster-name NAME] [--kubeconfig FILE] [--context CONTEXT]
      Run the core scenarios (all, or those whose file names contain a filter) on Docker (the
      default) or on Kubernetes (the local cluster built here unless --provider says otherwise;
      Kubernetes-only scenarios are skipped on Docker).
      Results: reports/<run>/results.json and junit.xml; reports/latest points at the newest run.
  frh doctor FILE... [--format human|json] [--flink VERSION]
      Check Flink configs (config.yaml, flink-conf.yaml), FlinkDeployments, Ververica Platform
      Deployments or harness settings for what keeps a restore from the latest state.
      Exit 0 clean, 1 findings (errors or warnings), 3 a file cannot be read or understood.
  frh cluster up|down|nodes|load-image IMAGE... [--provider local|kind|minikube|existing]
                [--name NAME] [--kubeconfig FILE] [--context CONTEXT]
      The Kubernetes cluster for the Kubernetes platform: local (built from source here, the
      default), kind, minikube, or an existing one (never created or deleted by the harness).
  frh sweep [--run RUN-ID] [--platform docker|kubernetes] [--provider ...] [--kubeconfig ...]
      Remove containers and networks (Docker) or namespaces (Kubernetes) left by crashed runs, or
      every one of RUN-ID (only those carrying the harness's labels).

Exit codes: 0 every scenario ended as intended; 2 bad input; 10 RESTORE_MISMATCH; 11 STATE_LOSS;
12 NO_RESTORE; 13 TIMEOUT; 20 INFRA_ERROR (the worst unexpected verdict wins).`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      return 0;
    case 'suite':
      return runSuite(parseArgs(argv, { platform: 'value', flink: 'value', 'report-dir': 'value', provider: 'value', kubeconfig: 'value', context: 'value', 'cluster-name': 'value' }));
    case 'doctor':
      return runDoctor(parseArgs(argv, { format: 'value', flink: 'value' }));
    case 'cluster':
      return runCluster(parseArgs(argv, CLUSTER_FLAGS));
    case 'sweep': {
      const args = parseArgs(argv, { run: 'value', platform: 'value', ...CLUSTER_FLAGS });
      const given = args.flags.get('run');
      const runId = typeof given === 'string' ? runIdFrom({ FRH_RUN_ID: given }) : undefined;
      if (platformName({ FRH_PLATFORM: String(args.flags.get('platform') ?? 'docker') }) === 'kubernetes') {
        const cluster = await clusterProvider({ ...clusterSettings(), ...clusterFlags(args) }).up();
        const platform = new KubernetesPlatform({ runId: runId ?? 'sweep', cluster });
        const removed = runId ? await platform.sweepRun() : await platform.sweep();
        process.stdout.write(`removed ${removed} namespace(s)\n`);
        return 0;
      }
      const removed = await sweep(runId);
      process.stdout.write(`removed ${removed} leftover container(s)/network(s)\n`);
      return 0;
    }
    default:
      process.stderr.write(`frh: unknown command "${command}"; try frh --help\n`);
      return EXIT_CODES.BAD_INPUT;
  }
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
