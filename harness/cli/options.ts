// Command-line parsing with node:util parseArgs; every malformed option becomes one BadInputError
// line, never node's several-line explanation or a stack trace.
import { parseArgs as parseNodeArgs } from 'node:util';
import { BadInputError, settingError } from '../support/errors.ts';
import { platformDescriptor } from '../platforms/registry.ts';

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

/** `values`: repeatable, each occurrence one value; kept as a JSON array of strings. */
export type FlagKinds = Record<string, 'value' | 'values' | 'boolean'>;

/** `--name value`, `--name=value` and boolean `--name`; `known` lists flag names and whether they take a value. */
export function parseArgs(argv: string[], known: FlagKinds): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const options = Object.fromEntries(Object.entries(known).map(([name, kind]) => [name, { type: kind === 'boolean' ? 'boolean' : 'string', multiple: kind === 'values' } as const]));
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: rest, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw oneLine(error, command, known);
  }
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) flags.set(name, JSON.stringify(value));
    else if (typeof value === 'string') flags.set(name, value);
    else if (value === true) flags.set(name, true);
  }
  return { command, positional: parsed.positionals, flags };
}

/** node's parse errors span lines and suggest `--` tricks; the user needs the option and what is wrong. */
function oneLine(error: unknown, command: string, known: FlagKinds): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const option = /'(-[^' ]+)/.exec((error as Error).message ?? '')?.[1] ?? '(unknown)';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const names = Object.keys(known).map((k) => `--${k}`).join(', ') || 'none';
    return new BadInputError(`unknown option ${option} for "${command}" (known: ${names})`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new BadInputError(/does not take an argument/.test((error as Error).message) ? `option ${option} takes no value` : `option ${option} needs a value`);
  }
  return error;
}

/** How many scenarios run at once: FRH_PARALLEL (set by `--parallel N`), a whole number from 1 to 64; default 1. */
export function suiteParallelism(env: NodeJS.ProcessEnv = process.env, name = 'FRH_PARALLEL'): number {
  const given = env.FRH_PARALLEL;
  if (given === undefined) return 1;
  const value = Number(given.trim());
  if (!/^\d+$/.test(given.trim()) || value < 1 || value > 64) {
    throw settingError(name, given, 'give how many scenarios run at once, a whole number from 1 to 64');
  }
  return value;
}

/** How many scenarios `frh suite` runs at once when --parallel is not given: the platform's say for this machine (its descriptor). */
export function defaultSuiteParallelism(platform: string, cores: number, totalMemoryBytes: number): number {
  return platformDescriptor(platform).defaultParallelism({ cores, memoryBytes: totalMemoryBytes });
}

/** Which part of the suite this process runs: FRH_SHARD (set by `--shard i/n`, vitest's own --shard), 1 ≤ i ≤ n. */
export function suiteShard(env: NodeJS.ProcessEnv = process.env, name = 'FRH_SHARD'): { index: number; count: number } | undefined {
  const given = env.FRH_SHARD;
  if (given === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(given);
  if (!match) throw settingError(name, given, 'give i/n: run the i-th of n parts of the suite (e.g. 1/3)');
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw settingError(name, given, 'n (the number of parts) must be at least 1');
  if (index < 1 || index > count) throw settingError(name, given, `i must be from 1 to ${count}`);
  return { index, count };
}

// Read by scenario/vitest.ts too: defined with the scenario settings, which import no CLI.
export { suiteRepeats } from '../scenario/environment.ts';
