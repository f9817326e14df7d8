// Parsing what the probe job committed: CSV lines and which FileSink files count as committed.
import { describe, expect, it } from 'vitest';
import { isCommittedPartFile, parseProbeFile, parseProbeLine } from '../../../harness/storage/probe-output.ts';

describe('parseProbeLine', () => {
  it('parses key,seq,count,restoredCheckpointId,probeVersion', () => {
    expect(parseProbeLine('key-7,12,12,5,v1')).toEqual({ key: 'key-7', seq: 12, count: 12, restoredCheckpointId: 5, probeVersion: 'v1' });
    expect(parseProbeLine('k,1,1,-1,2\r')).toEqual({ key: 'k', seq: 1, count: 1, restoredCheckpointId: -1, probeVersion: '2' });
  });

  it('gives the reason for malformed lines', () => {
    expect(parseProbeLine('k,1,1,5')).toEqual({ reason: 'expected 5 fields, got 4' });
    expect(parseProbeLine('k,1,1,5,v1,extra')).toEqual({ reason: 'expected 5 fields, got 6' });
    expect(parseProbeLine(',1,1,5,v1')).toEqual({ reason: 'empty key' });
    expect(parseProbeLine('k,one,1,5,v1')).toEqual({ reason: 'seq is not an integer: "one"' });
    expect(parseProbeLine('k,1,1.5,5,v1')).toEqual({ reason: 'count is not an integer: "1.5"' });
    expect(parseProbeLine('k,1,1,,v1')).toEqual({ reason: 'restoredCheckpointId is not an integer: ""' });
    expect(parseProbeLine('k,1,1,5,')).toEqual({ reason: 'empty probeVersion' });
  });
});

describe('parseProbeFile', () => {
  it('keeps good records, reports malformed lines with file and line number, skips blank lines', () => {
    const { records, malformed } = parseProbeFile('part-0-1', 'a,1,1,-1,v1\n\na,2,2,-1,v1\ngarbage\nb,1,1,3,v1\n');
    expect(records.map((r) => `${r.key}:${r.seq}`)).toEqual(['a:1', 'a:2', 'b:1']);
    expect(records[0]?.file).toBe('part-0-1');
    expect(malformed).toEqual([{ file: 'part-0-1', line: 4, text: 'garbage', reason: 'expected 5 fields, got 1' }]);
  });
});

describe('isCommittedPartFile', () => {
  it('accepts committed part files and rejects in-progress, pending and hidden ones', () => {
    expect(isCommittedPartFile('part-5c1e-0-3')).toBe(true);
    expect(isCommittedPartFile('2024-01-01--10/part-5c1e-1-0.csv')).toBe(true);
    expect(isCommittedPartFile('.part-5c1e-0-4.inprogress.9a8b')).toBe(false);
    expect(isCommittedPartFile('part-5c1e-0-4.inprogress.9a8b')).toBe(false);
    expect(isCommittedPartFile('part-5c1e-0-4.pending')).toBe(false);
    expect(isCommittedPartFile('.hidden/part-0-0')).toBe(false);
    expect(isCommittedPartFile('bucket/')).toBe(false);
  });
});
