import { describe, expect, it } from 'vitest';
import { encodeMetadataHeader, MetadataFormatError, operatorIdsIn } from '../../../harness/storage/metadata.ts';

/** A header, then operator entries as Flink writes them: the id's 16 bytes, then (here) some state bytes. */
function metadataWith(operatorIds: string[]): Uint8Array {
  const parts = [Buffer.from(encodeMetadataHeader(7)), ...operatorIds.flatMap((id) => [Buffer.from(id, 'hex'), Buffer.alloc(24, 0x5a)])];
  return new Uint8Array(Buffer.concat(parts));
}

describe('operatorIdsIn', () => {
  const source = 'bc764cd8ddf7a0cff126f51c16239658';
  const window = '2963852293169ba90d9d1f2e8f0b3d45';
  it('finds the ids written in the file, in hex byte order, and not others', () => {
    expect(operatorIdsIn(metadataWith([source, window]), [window, source, 'f'.repeat(32)])).toEqual([window, source]);
    expect(operatorIdsIn(metadataWith([source]), [window])).toEqual([]);
    expect(operatorIdsIn(metadataWith([source.toUpperCase()]), [source])).toEqual([source]);
  });

  it('does not take the header for an entry, and refuses what is not an operator id', () => {
    const header = Buffer.from(encodeMetadataHeader(7)).toString('hex');
    expect(operatorIdsIn(metadataWith([]), [header])).toEqual([]);
    expect(() => operatorIdsIn(metadataWith([]), ['window-count'])).toThrow(MetadataFormatError);
  });
});
