// `frh doctor`: prints findings and exits 0 (clean), 1 (findings) or 3 (unreadable input).
import { diagnose, DOCTOR_EXIT, formatHuman, formatJson } from '../doctor/doctor.ts';
import { UnreadableInputError } from '../doctor/documents.ts';
import { BadInputError } from '../support/errors.ts';
import type { ParsedArgs } from './options.ts';

export function runDoctor(args: ParsedArgs): number {
  const format = String(args.flags.get('format') ?? 'human');
  if (format !== 'human' && format !== 'json') throw new BadInputError(`--format must be human or json, not "${format}"`);
  const flink = args.flags.get('flink');
  if (flink !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(String(flink))) throw new BadInputError(`--flink must be a version such as 2.1 or 1.20.0, not "${String(flink)}"`);
  if (args.positional.length === 0) throw new BadInputError('doctor needs at least one file: frh doctor config.yaml');
  try {
    const report = diagnose(args.positional, { flinkVersion: flink === undefined ? undefined : String(flink) });
    process.stdout.write(format === 'json' ? formatJson(report) : formatHuman(report));
    return report.exitCode;
  } catch (error) {
    if (!(error instanceof UnreadableInputError)) throw error;
    process.stderr.write(`frh doctor: ${error.message}\n`);
    return DOCTOR_EXIT.UNREADABLE;
  }
}
