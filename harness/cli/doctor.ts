// `frh doctor`: prints findings and exits 0 (clean), 1 (findings) or 3 (unreadable input), for files or
// for what is deployed in a namespace (--namespace, with --kubeconfig/--context).
import { diagnose, diagnoseObjects, DOCTOR_EXIT, formatHuman, formatJson } from '../doctor/doctor.ts';
import { UnreadableInputError } from '../doctor/documents.ts';
import { readNamespace, type LiveTarget } from '../doctor/live.ts';
import { BadInputError, settingError } from '../support/errors.ts';
import type { ParsedArgs } from './options.ts';

export const DOCTOR_HELP = `frh doctor FILE... [--format human|json] [--flink VERSION]
frh doctor --namespace NS [--kubeconfig FILE] [--context CONTEXT] [--format human|json] [--flink VERSION]

Checks what keeps a Flink deployment from restoring the latest state, before any chaos runs.
Reads Flink config.yaml and legacy flink-conf.yaml files, Flink Kubernetes Operator FlinkDeployments,
Ververica Platform Deployments (and the community VpDeployment CRD), and Kubernetes manifests
(ConfigMaps are judged as mounted by the Deployments/StatefulSets/pods given with them), and docker
compose files (FLINK_PROPERTIES and -D arguments of each JobManager service). All files of one run form
one set. Which keys each Flink version reads comes from Flink's own ConfigOptions (1.13 … 2.3). With --namespace it reads the FlinkDeployments, Flink ConfigMaps and
workloads deployed in that namespace instead.

  --format human|json  output format (default human)
  --flink VERSION      judge for this Flink version (otherwise the files' own version, never assumed)
  --namespace NS       read the deployed objects of NS
  --kubeconfig FILE    kubeconfig for --namespace (default $KUBECONFIG or ~/.kube/config)
  --context CONTEXT    kubeconfig context for --namespace

Exit 0 clean (notes only), 1 findings (errors or warnings), 2 bad options, 3 input that cannot be
read or understood (the reason on stderr; with --format json also as {"error": ...} on stdout).`;

export interface DoctorOptions {
  format: 'human' | 'json';
  flinkVersion: string | undefined;
  help: boolean;
  live?: LiveTarget;
}

/** The options of `frh doctor`, or a one-line complaint; the files themselves are read later (exit 3). */
export function doctorOptions(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): DoctorOptions {
  const help = args.flags.get('help') === true;
  const format = String(args.flags.get('format') ?? 'human');
  if (format !== 'human' && format !== 'json') throw settingError('--format', format, 'not one of human, json');
  const flink = args.flags.get('flink');
  if (flink !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(String(flink))) throw settingError('--flink', String(flink), 'not a version such as 2.1 or 1.20.0');
  const namespace = args.flags.get('namespace');
  const kubeconfig = args.flags.get('kubeconfig');
  const context = args.flags.get('context');
  const flinkVersion = flink === undefined ? undefined : String(flink);
  if (help) return { format, flinkVersion, help };
  if (namespace === undefined) {
    if (kubeconfig !== undefined || context !== undefined) throw new BadInputError('doctor: --kubeconfig and --context apply only with --namespace NS (which namespace to read)');
    if (args.positional.length === 0) throw new BadInputError('doctor needs at least one file: frh doctor config.yaml');
    return { format, flinkVersion, help };
  }
  if (typeof namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) throw settingError('--namespace', String(namespace), 'not a Kubernetes namespace name');
  if (args.positional.length > 0) throw new BadInputError('doctor: give files or --namespace, not both');
  const file = typeof kubeconfig === 'string' ? kubeconfig : env.KUBECONFIG?.split(':')[0] || `${env.HOME ?? ''}/.kube/config`;
  return { format, flinkVersion, help, live: { kubeconfig: file, namespace, ...(typeof context === 'string' ? { context } : {}) } };
}

export async function runDoctor(args: ParsedArgs): Promise<number> {
  const { format, flinkVersion, help, live } = doctorOptions(args);
  if (help) {
    process.stdout.write(`${DOCTOR_HELP}\n`);
    return 0;
  }
  try {
    const report = live ? diagnoseObjects(await readLive(live), { flinkVersion }) : diagnose(args.positional, { flinkVersion });
    process.stdout.write(format === 'json' ? formatJson(report) : formatHuman(report));
    return report.exitCode;
  } catch (error) {
    if (!(error instanceof UnreadableInputError)) throw error;
    process.stderr.write(`frh doctor: ${error.message}\n`);
    if (format === 'json') process.stdout.write(`${JSON.stringify({ error: error.message, exitCode: DOCTOR_EXIT.UNREADABLE }, null, 2)}\n`);
    return DOCTOR_EXIT.UNREADABLE;
  }
}

async function readLive(target: LiveTarget) {
  try {
    return await readNamespace(target);
  } catch (error) {
    const status = (error as { code?: number; statusCode?: number }).code ?? (error as { statusCode?: number }).statusCode;
    const where = `namespace ${target.namespace}${target.context ? ` (context ${target.context})` : ''} via ${target.kubeconfig}`;
    throw new UnreadableInputError(`${where}: cannot read (${status ? `HTTP ${status}: ` : ''}${((error as Error).message ?? String(error)).split('\n')[0]})`);
  }
}
