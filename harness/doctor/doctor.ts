// `frh doctor FILE...`: the static check before any chaos runs — does this configuration even
// allow "restore from the latest state"? Findings carry a rule id, a severity and the fix.
import { FORMAT_NAMES, interpretObjects, readSourceObjects, type DoctorDocument, type SourceObject } from './documents.ts';
import { checkDocument, type Finding, type Severity } from './rules.ts';

export const DOCTOR_EXIT = { CLEAN: 0, FINDINGS: 1, UNREADABLE: 3 } as const;

export interface DocumentReport {
  file: string;
  document: string;
  format: string;
  flinkVersion?: string;
  /** Where the version came from; absent when the file does not say (no version is assumed). */
  versionSource?: string;
  findings: Finding[];
}

export interface DoctorReport {
  documents: DocumentReport[];
  counts: Record<Severity, number>;
  /** 1 when any error or warning was found; infos alone keep a file clean. */
  exitCode: number;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Template expressions were replaced by a marker so the YAML parses; reports show them as {{…}} again. */
const shown = (text: string): string => text.replaceAll('FRH_UNRESOLVED_TEMPLATE', '{{…}}');

export function diagnoseDocument(doc: DoctorDocument): DocumentReport {
  const findings = checkDocument(doc).map((finding) => ({ ...finding, message: shown(finding.message), ...(finding.setting ? { setting: shown(finding.setting) } : {}) })).sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return { file: doc.file, document: shown(doc.label), format: FORMAT_NAMES[doc.format], flinkVersion: doc.flinkVersion ?? (doc.versionBefore ? `<${doc.versionBefore}` : undefined), versionSource: doc.versionSource, findings };
}

/** Reads every file first, so one unreadable file ends the run before any report (UnreadableInputError). */
export function diagnose(files: string[], options: { flinkVersion?: string } = {}): DoctorReport {
  return diagnoseObjects(files.flatMap(readSourceObjects), options);
}

/** All objects form one set: a ConfigMap in one file is judged with the Deployment that mounts it in another. */
export function diagnoseObjects(objects: SourceObject[], options: { flinkVersion?: string } = {}): DoctorReport {
  const documents = interpretObjects(objects, options).map(diagnoseDocument);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of documents.flatMap((doc) => doc.findings)) counts[finding.severity]++;
  return { documents, counts, exitCode: counts.error + counts.warning > 0 ? DOCTOR_EXIT.FINDINGS : DOCTOR_EXIT.CLEAN };
}

export function formatHuman(report: DoctorReport): string {
  const lines: string[] = [];
  for (const doc of report.documents) {
    lines.push(`${doc.file}: ${doc.document} (${doc.format}, ${doc.flinkVersion ? `Flink ${doc.flinkVersion}${doc.versionSource ? ` from ${doc.versionSource}` : ''}` : 'Flink version not stated'})`);
    if (doc.findings.length === 0) lines.push('  ok: nothing stands between this configuration and a restore from the latest state');
    for (const finding of doc.findings) {
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.rule}: ${finding.message}`);
      lines.push(`          fix: ${finding.fix}`);
    }
  }
  const { error, warning, info } = report.counts;
  lines.push(`${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(info, 'note')} in ${plural(report.documents.length, 'document')}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
