// Command-line parsing: every malformed option becomes one BadInputError line, never a stack trace.
import { BadInputError } from '../support/errors.ts';

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

/** `--name value`, `--name=value` and boolean `--name`; `known` lists flag names and whether they take a value. */
export function parseArgs(argv: string[], known: Record<string, 'value' | 'boolean'>): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = known[name];
    if (!kind) throw new BadInputError(`unknown option --${name} for "${command}" (known: ${Object.keys(known).map((k) => `--${k}`).join(', ') || 'none'})`);
    if (kind === 'boolean') {
      flags.set(name, true);
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value.startsWith('--')) throw new BadInputError(`option --${name} needs a value`);
    flags.set(name, value);
  }
  return { command, positional, flags };
}
