// Reads the header of a Flink checkpoint/savepoint `_metadata` file: the checkpoint id written
// there by Flink itself, independent of directory names and REST statistics.

/** Flink's Checkpoints.HEADER_MAGIC_NUMBER. */
export const METADATA_MAGIC = 0x4960672d;

/** Bytes needed for magic (int32) + version (int32) + checkpoint id (int64). */
export const METADATA_HEADER_BYTES = 16;

/** What the first 16 bytes say. */
export interface MetadataHeader {
  /** Flink's metadata format version (2 and up; e.g. 3 in 1.x, 4-6 in later releases). */
  version: number;
  checkpointId: number;
}

/** A `_metadata` whose header cannot be read: bad magic, too short, unknown version. */
export class MetadataFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataFormatError';
  }
}

/**
 * Parses the big-endian header: int32 magic 0x4960672d, int32 version, then (every version >= 2,
 * the only ones Flink 1.x/2.x read) int64 checkpoint id. Needs at least 16 bytes; more are ignored.
 * Throws MetadataFormatError on a short buffer, wrong magic, a version < 2, or an id that is
 * negative or beyond Number.MAX_SAFE_INTEGER.
 */
export function parseMetadataHeader(bytes: Uint8Array): MetadataHeader {
  if (bytes.length < 8) throw new MetadataFormatError(`_metadata too short: ${bytes.length} bytes, need ${METADATA_HEADER_BYTES}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== METADATA_MAGIC) {
    throw new MetadataFormatError(`not a Flink _metadata file: magic 0x${magic.toString(16).padStart(8, '0')}, expected 0x${METADATA_MAGIC.toString(16)}`);
  }
  const version = view.getInt32(4, false);
  if (version < 2) throw new MetadataFormatError(`unsupported _metadata version ${version} (need 2 or later)`);
  if (bytes.length < METADATA_HEADER_BYTES) {
    throw new MetadataFormatError(`_metadata too short: ${bytes.length} bytes, need ${METADATA_HEADER_BYTES}`);
  }
  const id = view.getBigInt64(8, false);
  if (id < 0n || id > BigInt(Number.MAX_SAFE_INTEGER)) throw new MetadataFormatError(`implausible checkpoint id ${id} in _metadata`);
  return { version, checkpointId: Number(id) };
}

/** Builds a valid 16-byte header (for tests and fixtures); the rest of a real file is omitted. */
export function encodeMetadataHeader(checkpointId: number, version = 3): Uint8Array {
  const bytes = new Uint8Array(METADATA_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, METADATA_MAGIC, false);
  view.setInt32(4, version, false);
  view.setBigInt64(8, BigInt(checkpointId), false);
  return bytes;
}

/**
 * Which of `operatorIds` (Flink's 32-hex-digit ids, e.g. job vertex ids) have an entry in a
 * `_metadata` file. Flink writes each operator state's OperatorID as its lower then upper 64-bit
 * half, the same byte order as the id's hex form, so an entry shows up as those 16 bytes verbatim;
 * 128 random bits make a match by chance negligible. Parsing every state handle to walk the
 * entries would tie the reader to each metadata format version instead.
 */
export function operatorIdsIn(metadata: Uint8Array, operatorIds: readonly string[]): string[] {
  const haystack = Buffer.from(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  return operatorIds.filter((id) => {
    if (!/^[0-9a-f]{32}$/i.test(id)) throw new MetadataFormatError(`not an operator id: ${id}`);
    return haystack.indexOf(Buffer.from(id, 'hex'), METADATA_HEADER_BYTES) >= 0;
  });
}
