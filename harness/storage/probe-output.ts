// Reads what the probe job committed through Flink's FileSink: CSV lines
// `key,seq,count,restoredCheckpointId,probeVersion` in part files under an output prefix.
import type { S3Client } from '@aws-sdk/client-s3';
import { asPrefix, getText, listObjects, parseS3Uri } from './s3.ts';
import { mapLimit } from './map-limit.ts';

/** One output line of the probe job. */
export interface ProbeRecord {
  key: string;
  /** Per-key sequence number of the update (exactly-once: each is the previous + 1). */
  seq: number;
  count: number;
  /** The checkpoint id the emitting subtask restored from; -1 when it started without state. */
  restoredCheckpointId: number;
  probeVersion: string;
  /** The part file, relative to the output prefix. */
  file: string;
}

/** A line that could not be parsed, kept so a check can report it. */
export interface MalformedLine {
  file: string;
  /** 1-based line number within the file. */
  line: number;
  text: string;
  reason: string;
}

export interface ProbeOutput {
  records: ProbeRecord[];
  /** Committed part files read. */
  files: number;
  /** Each part file's commit time (the object's last-modified time, ms): the order output was written in. */
  committedAt: Record<string, number>;
  malformed: MalformedLine[];
}

const INTEGER = /^-?\d+$/;

/**
 * True for a committed FileSink part file: no path segment starting with '.' (in-progress and
 * pending files are hidden), nothing containing `inprogress` or `.pending`.
 */
export function isCommittedPartFile(relativeKey: string): boolean {
  if (relativeKey === '' || relativeKey.endsWith('/')) return false;
  if (relativeKey.split('/').some((segment) => segment.startsWith('.'))) return false;
  return !relativeKey.includes('inprogress') && !relativeKey.includes('.pending');
}

/** Parses one CSV line (trailing CR tolerated); returns the reason when it is malformed. */
export function parseProbeLine(text: string): Omit<ProbeRecord, 'file'> | { reason: string } {
  const fields = text.replace(/\r$/, '').split(',');
  if (fields.length !== 5) return { reason: `expected 5 fields, got ${fields.length}` };
  const [key = '', seq = '', count = '', restored = '', version = ''] = fields.map((f) => f.trim());
  if (key === '') return { reason: 'empty key' };
  for (const [name, value] of [['seq', seq], ['count', count], ['restoredCheckpointId', restored]] as const) {
    if (!INTEGER.test(value) || !Number.isSafeInteger(Number(value))) return { reason: `${name} is not an integer: ${JSON.stringify(value)}` };
  }
  if (version === '') return { reason: 'empty probeVersion' };
  return { key, seq: Number(seq), count: Number(count), restoredCheckpointId: Number(restored), probeVersion: version };
}

/** Parses a whole part file; blank lines are skipped, malformed ones collected. */
export function parseProbeFile(file: string, content: string): { records: ProbeRecord[]; malformed: MalformedLine[] } {
  const records: ProbeRecord[] = [];
  const malformed: MalformedLine[] = [];
  content.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    const parsed = parseProbeLine(text);
    if ('reason' in parsed) malformed.push({ file, line: index + 1, text: text.slice(0, 200), reason: parsed.reason });
    else records.push({ ...parsed, file });
  });
  return { records, malformed };
}

/**
 * Reads every committed part file under `outputUri` (recursively, so date-time buckets work too),
 * in key order. Errors of ./errors.ts if storage fails; an absent prefix yields no records.
 */
export async function readProbeOutput(s3: S3Client, outputUri: string): Promise<ProbeOutput> {
  const { bucket, key } = parseS3Uri(outputUri);
  const prefix = asPrefix(key);
  const parts = (await listObjects(s3, bucket, prefix)).filter((object) => isCommittedPartFile(object.key.slice(prefix.length)));
  const parsed = await mapLimit(parts, 8, async (part) => parseProbeFile(part.key.slice(prefix.length), await getText(s3, bucket, part.key)));
  const committedAt = Object.fromEntries(parts.map((part) => [part.key.slice(prefix.length), part.lastModified]));
  return { records: parsed.flatMap((p) => p.records), files: parts.length, committedAt, malformed: parsed.flatMap((p) => p.malformed) };
}
