// A repro bundle for each scenario that did not end as intended: reports/<run>/<id>-<platform>-
// flink-<v>/bundle.tar.gz with its result JSON, its logs (the diagnostics), the command that runs it
// again and the environment it ran in, secrets redacted (support/redact.ts, as results are, plus
// every variable whose name says it holds a secret). Attach it to an issue as it is.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REDACTED, redactJson, redactText } from '../support/redact.ts';
import type { ScenarioResult } from './results.ts';
import { scenarioBaseName } from './html.ts';

/** Variable names whose values are secrets whatever they hold. */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH|COOKIE|SESSION/i;

export interface BundleContext {
  env?: NodeJS.ProcessEnv;
  argv?: readonly string[];
}

/** Shell-quoted, so the command can be pasted. */
const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIO_FOLDERS = ['scenarios', 'scenarios/kubernetes', 'scenarios/operator', 'scenarios/zoo'];

/** The built-in scenario file that defines an id (`id: '<id>'`), relative to the repository. */
export function scenarioFileOf(id: string, root = ROOT): string | undefined {
  const needle = new RegExp(`\\bid:\\s*['"\`]${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`);
  for (const folder of SCENARIO_FOLDERS) {
    let files: string[];
    try {
      files = readdirSync(join(root, folder)).filter((f) => f.endsWith('.scenario.ts')).sort();
    } catch {
      continue;
    }
    for (const f of files) if (needle.test(readFileSync(join(root, folder, f), 'utf8'))) return `${folder}/${f}`;
  }
  return undefined;
}

/**
 * How to run the scenario again: vitest on its file in the project that ran it, with the run's
 * settings as variables (what `frh suite` sets), and `frh suite` with its file name as the filter
 * (the zoo runs under ./run test, not the suite).
 */
export function reproCommand(result: ScenarioResult, env: NodeJS.ProcessEnv, file = scenarioFileOf(result.id)): string {
  const settings = ['FRH_CLUSTER_PROVIDER', 'FRH_CLUSTER_NAME', 'FRH_KUBECONFIG', 'FRH_KUBE_CONTEXT', 'FRH_RESUME_COMMAND'].filter((name) => env[name]).map((name) => `${name}=${quote(env[name]!)}`);
  const zoo = file?.startsWith('scenarios/zoo/') ?? false;
  const project = zoo ? 'zoo' : result.platform === 'operator' || result.platform === 'kubernetes' ? result.platform : 'scenarios';
  const lines = [
    `# ${file ? `${result.id} is defined in ${file}` : `no built-in scenario file defines ${result.id} (a YAML scenario?)`}`,
    [`FRH_PLATFORM=${quote(result.platform)}`, `FRH_FLINK_VERSIONS=${quote(result.flinkVersion)}`, ...settings, 'node', 'node_modules/vitest/vitest.mjs', 'run', '--project', project, ...(file ? [file] : [])].join(' '),
  ];
  if (file && !zoo) {
    const flags: Array<[string, string]> = [['FRH_CLUSTER_PROVIDER', '--provider'], ['FRH_CLUSTER_NAME', '--cluster-name'], ['FRH_KUBECONFIG', '--kubeconfig'], ['FRH_KUBE_CONTEXT', '--context'], ['FRH_RESUME_COMMAND', '--resume-command']];
    const words = ['frh', 'suite', basename(file, '.scenario.ts'), '--platform', result.platform, '--flink', result.flinkVersion];
    for (const [variable, flag] of flags) if (env[variable]) words.push(flag, env[variable]!);
    lines.push('# or', words.map(quote).join(' '));
  }
  return redactText(lines.join('\n'));
}

export function redactedEnvironment(env: NodeJS.ProcessEnv): string {
  return Object.keys(env).sort().map((name) => `${name}=${SECRET_NAME.test(name) ? REDACTED : redactText(String(env[name]))}`).join('\n');
}

/** The files of the bundle, name → text. */
export function bundleFiles(result: ScenarioResult, context: BundleContext = {}): Array<[string, string]> {
  const env = context.env ?? process.env;
  const redacted = redactJson(JSON.parse(JSON.stringify(result)) as ScenarioResult);
  const files: Array<[string, string]> = [];
  files.push(['README.txt', [
    `${redacted.id} [${redacted.platform}, Flink ${redacted.flinkVersion}]: ${redacted.verdict} (intended ${redacted.expectedVerdict})`,
    '',
    redacted.explanation,
    ...(redacted.assertionFailures ?? []).map((a) => `assertion failed: ${a}`),
    '',
    'result.json: the scenario\'s result; logs/: what the platform\'s components logged (and events);',
    'command.txt: how to run it again; environment.txt: the environment it ran in (secrets redacted).',
    '',
  ].join('\n')]);
  files.push(['result.json', `${JSON.stringify(redacted, null, 2)}\n`]);
  files.push(['command.txt', `${reproCommand(redacted, env)}\n\n# this process: ${redactText((context.argv ?? process.argv).map(quote).join(' '))}\n# run id: ${redactText(env.FRH_RUN_ID ?? '?')}\n`]);
  files.push(['environment.txt', `# node ${process.version} on ${process.platform}/${process.arch}, host ${redactText(hostname())}\n${redactedEnvironment(env)}\n`]);
  const diagnostics = (redacted.evidence.diagnostics ?? {}) as Record<string, unknown>;
  const used = new Set<string>();
  for (const [name, value] of Object.entries(diagnostics).sort(([a], [b]) => a.localeCompare(b))) {
    let file = `logs/${name.replace(/[^\w.-]+/g, '_').slice(0, 80)}.log`;
    for (let n = 2; used.has(file); n++) file = file.replace(/(-\d+)?\.log$/, `-${n}.log`);
    used.add(file);
    files.push([file, typeof value === 'string' ? value : JSON.stringify(value, null, 2)]);
  }
  return files;
}

/** A ustar archive of text files (names ≤ 100 bytes), the same bytes for the same input. */
export function tar(files: ReadonlyArray<[string, string]>, mtimeSeconds: number): Buffer {
  const blocks: Buffer[] = [];
  const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, '0')}\0`;
  for (const [name, text] of files) {
    const body = Buffer.from(text, 'utf8');
    const header = Buffer.alloc(512);
    if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
    header.write(name, 0, 100, 'utf8');
    header.write(octal(0o644, 8), 100, 'ascii');
    header.write(octal(0, 8), 108, 'ascii');
    header.write(octal(0, 8), 116, 'ascii');
    header.write(octal(body.length, 12), 124, 'ascii');
    header.write(octal(Math.max(0, Math.floor(mtimeSeconds)), 12), 136, 'ascii');
    header.write('        ', 148, 'ascii');
    header.write('0', 156, 'ascii');
    header.write('ustar\0' + '00', 257, 'binary');
    header.write('frh', 265, 'ascii');
    header.write('frh', 297, 'ascii');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** Writes reports/<run>/<id>-<platform>-flink-<v>/bundle.tar.gz; returns its path. */
export function writeReproBundle(runDir: string, result: ScenarioResult, context: BundleContext = {}): string {
  const dir = join(runDir, scenarioBaseName(result));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'bundle.tar.gz');
  const temporary = `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(temporary, gzipSync(tar(bundleFiles(result, context), result.timings.finishedAt / 1000)));
  renameSync(temporary, path);
  return path;
}
