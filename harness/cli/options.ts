// Command-line parsing with node:util parseArgs; every malformed option becomes one BadInputError
// line, never node's several-line explanation or a stack trace.
import { parseArgs as parseNodeArgs } from 'node:util';
import { BadInputError } from '../support/errors.ts';

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

export type FlagKinds = Record<string, 'value' | 'boolean'>;

/** `--name value`, `--name=value` and boolean `--name`; `known` lists flag names and whether they take a value. */
export function parseArgs(argv: string[], known: FlagKinds): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const options = Object.fromEntries(Object.entries(known).map(([name, kind]) => [name, { type: kind === 'value' ? 'string' : 'boolean' } as const]));
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: rest, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw oneLine(error, command, known);
  }
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') flags.set(name, value);
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
