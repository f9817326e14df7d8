// `frh doctor`: prints findings and exits 0 (clean), 1 (findings) or 3 (unreadable input).
import { diagnose, DOCTOR_EXIT, formatHuman, formatJson } from '../doctor/doctor.ts';
import { UnreadableInputError } from '../doctor/documents.ts';
import { BadInputError, settingError } from '../support/errors.ts';
import type { ParsedArgs } from './options.ts';

export interface DoctorOptions {
  format: 'human' | 'json';
  flinkVersion: string | undefined;
}

/** The options of `frh doctor`, or a one-line complaint; the files themselves are read later (exit 3). */
export function doctorOptions(args: ParsedArgs): DoctorOptions {
  const format = String(args.flags.get('format') ?? 'human');
  if (format !== 'human' && format !== 'json') throw settingError('--format', format, 'not one of human, json');
  const flink = args.flags.get('flink');
  if (flink !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(String(flink))) throw settingError('--flink', String(flink), 'not a version such as 2.1 or 1.20.0');
  if (args.positional.length === 0) throw new BadInputError('doctor needs at least one file: frh doctor config.yaml');
  return { format, flinkVersion: flink === undefined ? undefined : String(flink) };
}

export function runDoctor(args: ParsedArgs): number {
  const { format, flinkVersion } = doctorOptions(args);
  try {
    const report = diagnose(args.positional, { flinkVersion });
    process.stdout.write(format === 'json' ? formatJson(report) : formatHuman(report));
    return report.exitCode;
  } catch (error) {
    if (!(error instanceof UnreadableInputError)) throw error;
    process.stderr.write(`frh doctor: ${error.message}\n`);
    return DOCTOR_EXIT.UNREADABLE;
  }
}
