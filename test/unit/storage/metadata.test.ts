// The `_metadata` header: magic, version and the checkpoint id Flink wrote, big-endian.
import { describe, expect, it } from 'vitest';
import { encodeMetadataHeader, MetadataFormatError, parseMetadataHeader } from '../../../harness/storage/metadata.ts';

/** Bytes as Flink's DataOutputStream writes them: writeInt(0x4960672d), writeInt(version), writeLong(id). */
function header(version: number, idHex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(`4960672d${version.toString(16).padStart(8, '0')}${idHex}`, 'hex'));
}

describe('parseMetadataHeader', () => {
  it('reads version and checkpoint id, ignoring the rest of the file', () => {
    const bytes = new Uint8Array([...header(3, '000000000000000a'), 0, 0, 0, 1, 0xff]);
    expect(parseMetadataHeader(bytes)).toEqual({ version: 3, checkpointId: 10 });
  });

  it('reads ids beyond 32 bits', () => {
    expect(parseMetadataHeader(header(5, '0000000100000002')).checkpointId).toBe(2 ** 32 + 2);
  });

  it('works on a view into a larger buffer', () => {
    const big = new Uint8Array(40);
    big.set(header(4, '0000000000000063'), 7);
    expect(parseMetadataHeader(big.subarray(7, 23))).toEqual({ version: 4, checkpointId: 99 });
  });

  it('rejects a wrong magic number', () => {
    const bytes = Uint8Array.from(Buffer.from('504b030414000000000000000000000a', 'hex'));
    expect(() => parseMetadataHeader(bytes)).toThrow(MetadataFormatError);
    expect(() => parseMetadataHeader(bytes)).toThrow('not a Flink _metadata file: magic 0x504b0304, expected 0x4960672d');
  });

  it('rejects too short input', () => {
    expect(() => parseMetadataHeader(new Uint8Array(3))).toThrow(/too short: 3 bytes/);
    expect(() => parseMetadataHeader(header(3, '00000000'))).toThrow(/too short: 12 bytes/);
  });

  it('rejects version 1 and negative ids', () => {
    expect(() => parseMetadataHeader(header(1, '0000000000000001'))).toThrow(/version 1/);
    expect(() => parseMetadataHeader(header(3, 'ffffffffffffffff'))).toThrow(/implausible checkpoint id -1/);
  });

  it('round-trips encodeMetadataHeader', () => {
    expect(parseMetadataHeader(encodeMetadataHeader(123_456, 6))).toEqual({ version: 6, checkpointId: 123_456 });
    expect(Buffer.from(encodeMetadataHeader(10)).toString('hex')).toBe('4960672d00000003000000000000000a');
  });
});
