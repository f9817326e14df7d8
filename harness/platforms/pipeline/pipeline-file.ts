// A team's own deploy pipeline as the platform: a YAML file names the commands that deploy, resume,
// suspend, upgrade and delete the job, and the faults the pipeline can inject. The harness runs those
// commands and only observes (Flink REST, storage, the HA ConfigMaps, logs). Read and checked before
// anything starts: a mistake is one line, `file:line:col: field: problem`, and exit code 2.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { BadInputError } from '../../support/errors.ts';

/** The commands a pipeline may declare; `deploy` and `delete` are required. */
export const PIPELINE_COMMANDS = ['deploy', 'resume', 'suspend', 'upgrade', 'delete'] as const;
export type PipelineCommand = (typeof PIPELINE_COMMANDS)[number];

/**
 * The faults a pipeline may declare, each a command that has taken effect when it returns:
 * a process SIGKILLed (its supervisor restarts it), a JobManager pod replaced, the HA ConfigMaps
 * deleted, the storage stopped and started again.
 */
export const PIPELINE_FAULTS = ['kill-taskmanager', 'kill-jobmanager', 'replace-jobmanager', 'delete-ha-metadata', 'stop-storage', 'start-storage'] as const;
export type PipelineFault = (typeof PIPELINE_FAULTS)[number];

/** Which ability method (platform.ts) each declared fault command becomes. */
export const FAULT_ABILITIES = {
  'kill-taskmanager': 'killTaskManager',
  'kill-jobmanager': 'killJobManager',
  'replace-jobmanager': 'replaceJobManager',
  'delete-ha-metadata': 'deleteHaMetadata',
  'stop-storage': 'stopStorage',
  'start-storage': 'startStorage',
} as const satisfies Record<PipelineFault, string>;

/**
 * What a pipeline's resume restores after the job ended (cancelled, stopped, failed for good), in
 * the oracle's words: the newest retained checkpoint or savepoint, or the newest savepoint only.
 */
export const RESUME_RESTORES = { 'latest-state': 'LATEST_STATE', 'latest-savepoint': 'LATEST_SAVEPOINT' } as const;
/**
 * What its suspend and upgrade keep: the HA metadata (the next JobManager recovers the newest
 * checkpoint, as the Operator's last-state) or a savepoint the stop takes (the Operator's savepoint mode).
 */
export const STOP_RESTORES = { 'last-state': 'LAST_STATE', savepoint: 'UPGRADE_SAVEPOINT' } as const;

export interface PipelineFile {
  /** Absolute path of the file; commands run in its folder. */
  file: string;
  folder: string;
  name: string;
  commands: Partial<Record<PipelineCommand, string>> & { deploy: string; delete: string };
  faults: Partial<Record<PipelineFault, string>>;
  /** What `resume` restores (default latest-state). */
  resumeRestores: keyof typeof RESUME_RESTORES;
  /** What `suspend` and `upgrade` keep (default last-state); meaningful only when one is declared. */
  stopRestores: keyof typeof STOP_RESTORES;
  /** How long one command may run before it is killed and the run ends in INFRA_ERROR. */
  commandTimeoutMs: number;
}

const DEFAULT_TIMEOUT_SECONDS = 300;
const TOP_LEVEL = ['name', 'commands', 'faults', 'restores', 'timeoutSeconds'] as const;

/** A pipeline file that cannot be used, located in the file. */
export class PipelineFileError extends BadInputError {
  constructor(file: string, line: number, column: number, field: string, problem: string) {
    super(`${file}:${line}:${column}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'PipelineFileError';
  }
}

/** Reads and checks a pipeline file; `shownAs` is how the complaint names it (the path as the user typed it). */
export function readPipelineFile(path: string, shownAs = path): PipelineFile {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new BadInputError(`${shownAs}: the pipeline file is not a file`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(`${shownAs}: cannot read the pipeline file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parsePipelineFile(text, resolve(path), shownAs);
}

/** Parses and checks a pipeline file's text; the first problem is a PipelineFileError. */
export function parsePipelineFile(text: string, file: string, shownAs = file): PipelineFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const fail = (offset: number | undefined, field: string, problem: string): never => {
    const { line, col } = lines.linePos(offset ?? 0);
    throw new PipelineFileError(shownAs, line, col, field, problem);
  };
  const syntax = document.errors[0];
  if (syntax) fail(syntax.pos[0], '', `not valid YAML: ${syntax.message.split('\n')[0]}`);
  const at = (path: string[], key?: boolean): number | undefined => offsetOf(document, path, key);
  const data: unknown = document.toJS();
  if (!isPlainMap(data)) return fail(document.contents?.range?.[0], '', 'a pipeline file is a map with commands (deploy, delete, and resume, suspend, upgrade as the pipeline has them) and faults');
  unknownKey(data, TOP_LEVEL, [], at, fail);

  const name = data.name ?? 'pipeline';
  if (typeof name !== 'string' || !/^[A-Za-z0-9][\w.-]{0,62}$/.test(name)) fail(at(['name']), 'name', 'give a short name: letters, digits, ., _ and - (at most 63)');

  if (data.commands === undefined) fail(document.contents?.range?.[0], 'commands', 'is required: the commands that deploy and delete the job (and resume, suspend, upgrade it)');
  const commands = commandMap(data.commands, 'commands', PIPELINE_COMMANDS, at, fail);
  for (const required of ['deploy', 'delete'] as const) {
    if (commands[required] === undefined) fail(at(['commands']), `commands.${required}`, `is required: the command that ${required === 'deploy' ? 'deploys the job and writes where its REST API and storage are to $FRH_OUTPUT' : 'removes what deploy created'}`);
  }
  if ((commands.suspend === undefined) !== (commands.upgrade === undefined)) {
    const given = commands.suspend === undefined ? 'upgrade' : 'suspend';
    fail(at(['commands', given], true), `commands.${given}`, 'suspend and upgrade go together: both stop the job the way restores.stop says, and the harness asks for either');
  }
  const faults = data.faults === undefined ? {} : commandMap(data.faults, 'faults', PIPELINE_FAULTS, at, fail);
  if ((faults['stop-storage'] === undefined) !== (faults['start-storage'] === undefined)) {
    const given = faults['stop-storage'] === undefined ? 'start-storage' : 'stop-storage';
    fail(at(['faults', given], true), `faults.${given}`, 'stop-storage and start-storage go together: a storage outage ends by starting the storage again');
  }

  let resumeRestores: keyof typeof RESUME_RESTORES = 'latest-state';
  let stopRestores: keyof typeof STOP_RESTORES = 'last-state';
  if (data.restores !== undefined) {
    if (!isPlainMap(data.restores)) fail(at(['restores']), 'restores', 'expected a map: {resume: latest-state | latest-savepoint, stop: last-state | savepoint}');
    const restores = data.restores as Record<string, unknown>;
    unknownKey(restores, ['resume', 'stop'], ['restores'], at, fail);
    if (restores.resume !== undefined) resumeRestores = oneOf(restores.resume, Object.keys(RESUME_RESTORES), ['restores', 'resume'], at, fail) as keyof typeof RESUME_RESTORES;
    if (restores.stop !== undefined) stopRestores = oneOf(restores.stop, Object.keys(STOP_RESTORES), ['restores', 'stop'], at, fail) as keyof typeof STOP_RESTORES;
  }

  let commandTimeoutMs = DEFAULT_TIMEOUT_SECONDS * 1000;
  if (data.timeoutSeconds !== undefined) {
    const seconds = data.timeoutSeconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > 3600) fail(at(['timeoutSeconds']), 'timeoutSeconds', `${JSON.stringify(seconds)}: give how long one command may run, whole seconds from 1 to 3600`);
    commandTimeoutMs = (seconds as number) * 1000;
  }

  return {
    file,
    folder: dirname(file),
    name: name as string,
    commands: commands as PipelineFile['commands'],
    faults,
    resumeRestores,
    stopRestores,
    commandTimeoutMs,
  };
}

type Fail = (offset: number | undefined, field: string, problem: string) => never;
type At = (path: string[], key?: boolean) => number | undefined;

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unknownKey(map: Record<string, unknown>, known: readonly string[], path: string[], at: At, fail: Fail): void {
  const unknown = Object.keys(map).find((key) => !known.includes(key));
  if (unknown !== undefined) fail(at([...path, unknown], true), [...path, unknown].join('.'), `unknown field; known: ${known.join(', ')}`);
}

function oneOf(value: unknown, allowed: string[], path: string[], at: At, fail: Fail): string {
  if (typeof value !== 'string' || !allowed.includes(value)) fail(at(path), path.join('.'), `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  return value as string;
}

/** A map of names to non-empty command strings, names from `allowed`. */
function commandMap<K extends string>(value: unknown, field: string, allowed: readonly K[], at: At, fail: Fail): Partial<Record<K, string>> {
  if (!isPlainMap(value)) return fail(at([field]), field, `expected a map of ${allowed.join(', ')} to commands`);
  unknownKey(value, allowed, [field], at, fail);
  const commands: Partial<Record<K, string>> = {};
  for (const [key, command] of Object.entries(value)) {
    if (typeof command !== 'string' || command.trim() === '') fail(at([field, key]), `${field}.${key}`, 'give a command (run with sh -c in the pipeline file\'s folder)');
    commands[key as K] = command as string;
  }
  return commands;
}

/** Where the value at `path` (or, with `key`, its key) starts; the deepest node found on the way otherwise. */
function offsetOf(document: Document, path: string[], key = false): number | undefined {
  let node: unknown = document.contents;
  let offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
  for (const [index, part] of path.entries()) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === part);
    if (!pair) break;
    const last = index === path.length - 1;
    const target = last && key ? pair.key : (pair.value ?? pair.key);
    offset = (target as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
    node = pair.value;
  }
  return offset;
}
