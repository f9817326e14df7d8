// Lists every operator state entry of a Flink checkpoint/savepoint `_metadata` file: the operator's
// id (every operator, chained ones too, not only a vertex's head), and which kinds of state its
// subtasks hold. Formats 3 to 6, as written by Flink 1.11 to 2.3 (1.20: 4, 2.0: 5, 2.1-2.3: 6),
// learned from Flink's MetadataV2V3SerializerBase/MetadataV3..V6Serializer and checked against
// files those versions wrote (test/fixtures/metadata). Only the entries are read; the checkpoint
// properties that format 4 and later append as a Java object are not needed and left unread.
import { MetadataFormatError, parseMetadataHeader } from './metadata.ts';

/** One operator's entry in `_metadata`. */
export interface MetadataOperatorState {
  /** Flink's OperatorID, 32 hex digits (the form REST and logs print). */
  operatorId: string;
  /** Format 5 and later record the operator's name and UID (when it has one). */
  name?: string;
  uid?: string;
  parallelism: number;
  maxParallelism: number;
  /** Every subtask had finished (a bounded source at its end): it holds no state by design. */
  fullyFinished: boolean;
  /** Subtasks with an entry, and how many of them had finished. */
  subtasks: number;
  finishedSubtasks: number;
  /** How many subtasks hold each kind of state, and whether the operator's coordinator (e.g. a source enumerator) does. */
  managedKeyed: number;
  rawKeyed: number;
  managedOperator: number;
  rawOperator: number;
  coordinator: boolean;
  /** Subtasks that carry in-flight channel data (unaligned checkpoints): not operator state. */
  channelState: number;
}

/** Whether the entry holds any operator state (keyed, operator or coordinator); in-flight data does not count. */
export function holdsState(entry: MetadataOperatorState): boolean {
  return entry.coordinator || entry.managedKeyed + entry.rawKeyed + entry.managedOperator + entry.rawOperator > 0;
}

/** What the oldest and newest format this reader knows look like. */
export const LISTED_METADATA_VERSIONS = { oldest: 3, newest: 6 } as const;

// Handle type bytes (MetadataV2V3SerializerBase).
const NULL_HANDLE = 0;
const BYTE_STREAM = 1;
const FILE_STREAM = 2;
const KEY_GROUPS = 3;
const PARTITIONABLE_OPERATOR_STATE = 4;
const INCREMENTAL_KEY_GROUPS = 5;
const RELATIVE_STREAM = 6;
const SAVEPOINT_KEY_GROUPS = 7;
const CHANGELOG = 8;
const CHANGELOG_BYTE_INCREMENT = 9;
const CHANGELOG_FILE_INCREMENT = 10;
const INCREMENTAL_KEY_GROUPS_V2 = 11;
const KEY_GROUPS_V2 = 12;
const CHANGELOG_FILE_INCREMENT_V2 = 13;
const CHANGELOG_V2 = 14;
const SEGMENT_FILE = 15;
const EMPTY_SEGMENT_FILE = 16;
const SEGMENT_PARTITIONABLE_OPERATOR_STATE = 17;
// Channel state handle type bytes (ChannelStateHandleSerializerV2, format 6 and later).
const INPUT_CHANNEL = 1;
const OUTPUT_CHANNEL = 2;
const MERGED_INPUT_CHANNEL = 3;
const MERGED_OUTPUT_CHANNEL = 4;

/** Big-endian reads as java.io.DataInputStream makes them; running past the end is a format error. */
class Reader {
  #view: DataView;
  #bytes: Uint8Array;
  offset: number;

  constructor(bytes: Uint8Array, offset: number) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  #take(count: number, what: string): number {
    if (count < 0 || this.offset + count > this.#bytes.length) {
      throw new MetadataFormatError(`_metadata ends inside ${what} at byte ${this.offset} (${count} more bytes wanted, ${this.#bytes.length - this.offset} left)`);
    }
    const at = this.offset;
    this.offset += count;
    return at;
  }

  byte(what: string): number {
    return this.#view.getInt8(this.#take(1, what));
  }

  boolean(what: string): boolean {
    return this.byte(what) !== 0;
  }

  int(what: string): number {
    return this.#view.getInt32(this.#take(4, what), false);
  }

  long(what: string): bigint {
    return this.#view.getBigInt64(this.#take(8, what), false);
  }

  /** A count written as an int: negative is a corrupt file, not an empty list. */
  count(what: string): number {
    const n = this.int(what);
    if (n < 0) throw new MetadataFormatError(`negative ${what} count ${n} at byte ${this.offset - 4}`);
    return n;
  }

  skip(count: number, what: string): void {
    this.#take(count, what);
  }

  hex(count: number, what: string): string {
    const at = this.#take(count, what);
    return Buffer.from(this.#bytes.subarray(at, at + count)).toString('hex');
  }

  /** java.io.DataOutput.writeUTF: an unsigned 16-bit length, then modified UTF-8 (NUL and surrogates spelled out). */
  utf(what: string): string {
    const length = this.#view.getUint16(this.#take(2, what), false);
    const at = this.#take(length, what);
    const units: number[] = [];
    for (let i = at; i < at + length;) {
      const first = this.#bytes[i]!;
      if (first < 0x80) {
        units.push(first);
        i += 1;
      } else if ((first & 0xe0) === 0xc0 && i + 1 < at + length) {
        units.push(((first & 0x1f) << 6) | (this.#bytes[i + 1]! & 0x3f));
        i += 2;
      } else if ((first & 0xf0) === 0xe0 && i + 2 < at + length) {
        units.push(((first & 0x0f) << 12) | ((this.#bytes[i + 1]! & 0x3f) << 6) | (this.#bytes[i + 2]! & 0x3f));
        i += 3;
      } else {
        throw new MetadataFormatError(`malformed string in ${what} at byte ${i}`);
      }
    }
    let text = '';
    for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.slice(i, i + 8192));
    return text;
  }
}

/**
 * Every operator state entry in a `_metadata` file, in file order. Throws MetadataFormatError for
 * a file that is not `_metadata`, a format version this reader does not know, or bytes that do not
 * parse as that version: a listing is complete or it is not given.
 */
export function operatorStatesIn(bytes: Uint8Array): MetadataOperatorState[] {
  const { version } = parseMetadataHeader(bytes);
  if (version < LISTED_METADATA_VERSIONS.oldest || version > LISTED_METADATA_VERSIONS.newest) {
    throw new MetadataFormatError(`cannot list the operators of _metadata format ${version} (known: ${LISTED_METADATA_VERSIONS.oldest} to ${LISTED_METADATA_VERSIONS.newest})`);
  }
  // The header's checkpoint id is the first field of the body as well.
  const reader = new Reader(bytes, 16);
  const masterStates = reader.count('master states');
  for (let i = 0; i < masterStates; i++) {
    reader.int('master state magic');
    reader.skip(reader.count('master state length'), 'master state');
  }
  const operators = reader.count('operator states');
  const entries: MetadataOperatorState[] = [];
  for (let i = 0; i < operators; i++) entries.push(readOperatorState(reader, version));
  return entries;
}

function readOperatorState(reader: Reader, version: number): MetadataOperatorState {
  const name = version >= 5 ? reader.utf('operator name') : '';
  const uid = version >= 5 ? reader.utf('operator uid') : '';
  const operatorId = reader.hex(16, 'operator id');
  const entry: MetadataOperatorState = {
    operatorId,
    ...(name ? { name } : {}),
    ...(uid ? { uid } : {}),
    parallelism: reader.int('parallelism'),
    maxParallelism: reader.int('max parallelism'),
    fullyFinished: false,
    subtasks: 0,
    finishedSubtasks: 0,
    managedKeyed: 0,
    rawKeyed: 0,
    managedOperator: 0,
    rawOperator: 0,
    coordinator: false,
    channelState: 0,
  };
  entry.coordinator = skipStreamHandle(reader, `coordinator state of ${operatorId}`);
  const subtasks = reader.int(`subtask count of ${operatorId}`);
  if (subtasks < 0) return { ...entry, fullyFinished: true };
  entry.subtasks = subtasks;
  for (let s = 0; s < subtasks; s++) {
    // A finished subtask is written as -(index + 1), with no state after it.
    if (reader.int('subtask index') < 0) {
      entry.finishedSubtasks++;
      continue;
    }
    const what = `a subtask of ${operatorId}`;
    if (reader.int(`managed operator state flag of ${what}`) !== 0 && skipOperatorStateHandle(reader, what)) entry.managedOperator++;
    if (reader.int(`raw operator state flag of ${what}`) !== 0 && skipOperatorStateHandle(reader, what)) entry.rawOperator++;
    if (skipKeyedStateHandle(reader, what)) entry.managedKeyed++;
    if (skipKeyedStateHandle(reader, what)) entry.rawKeyed++;
    const inputChannels = reader.count('input channel states');
    for (let c = 0; c < inputChannels; c++) skipChannelStateHandle(reader, version, 'input');
    const outputChannels = reader.count('output channel states');
    for (let c = 0; c < outputChannels; c++) skipChannelStateHandle(reader, version, 'output');
    if (inputChannels + outputChannels > 0) entry.channelState++;
  }
  return entry;
}

/** Skips a StreamStateHandle; true unless it was the null handle. */
function skipStreamHandle(reader: Reader, what: string): boolean {
  const type = reader.byte(`stream handle type of ${what}`);
  switch (type) {
    case NULL_HANDLE:
      return false;
    case FILE_STREAM:
      reader.long('file size');
      reader.utf('file path');
      return true;
    case BYTE_STREAM:
      reader.utf('byte stream name');
      reader.skip(reader.count('byte stream length'), 'byte stream');
      return true;
    case RELATIVE_STREAM:
      reader.utf('relative path');
      reader.long('file size');
      return true;
    case KEY_GROUPS:
      skipKeyGroupOffsets(reader);
      skipStreamHandle(reader, what);
      return true;
    case SEGMENT_FILE:
      reader.long('segment start');
      reader.long('segment size');
      reader.int('segment scope');
      reader.utf('segment file path');
      reader.utf('logical file id');
      return true;
    case EMPTY_SEGMENT_FILE:
      return true;
    default:
      throw new MetadataFormatError(`unknown stream handle type ${type} in ${what} at byte ${reader.offset - 1}`);
  }
}

function skipKeyGroupOffsets(reader: Reader): void {
  reader.int('first key group');
  const keyGroups = reader.count('key groups');
  reader.skip(keyGroups * 8, 'key group offsets');
}

/** Skips an OperatorStateHandle (after its presence flag); true unless it was the null handle. */
function skipOperatorStateHandle(reader: Reader, what: string): boolean {
  const type = reader.byte(`operator state handle type of ${what}`);
  if (type === NULL_HANDLE) return false;
  if (type !== PARTITIONABLE_OPERATOR_STATE && type !== SEGMENT_PARTITIONABLE_OPERATOR_STATE) {
    throw new MetadataFormatError(`unknown operator state handle type ${type} in ${what} at byte ${reader.offset - 1}`);
  }
  const states = reader.count('operator state names');
  for (let i = 0; i < states; i++) {
    reader.utf('operator state name');
    reader.byte('distribution mode');
    reader.skip(reader.count('partition offsets') * 8, 'partition offsets');
  }
  if (type === SEGMENT_PARTITIONABLE_OPERATOR_STATE) {
    reader.utf('task-owned directory');
    reader.utf('shared directory');
    reader.boolean('empty file-merging marker');
  }
  skipStreamHandle(reader, what);
  return true;
}

/** Skips a KeyedStateHandle; true unless it was the null handle. */
function skipKeyedStateHandle(reader: Reader, what: string): boolean {
  const type = reader.byte(`keyed state handle type of ${what}`);
  switch (type) {
    case NULL_HANDLE:
      return false;
    case KEY_GROUPS:
    case KEY_GROUPS_V2:
    case SAVEPOINT_KEY_GROUPS:
      skipKeyGroupOffsets(reader);
      skipStreamHandle(reader, what);
      if (type === KEY_GROUPS_V2) reader.utf('state handle id');
      return true;
    case INCREMENTAL_KEY_GROUPS:
    case INCREMENTAL_KEY_GROUPS_V2:
      reader.long('incremental checkpoint id');
      reader.utf('backend id');
      reader.int('first key group');
      reader.int('key groups');
      if (type === INCREMENTAL_KEY_GROUPS_V2) reader.long('checkpointed size');
      skipStreamHandle(reader, what);
      skipHandleAndLocalPaths(reader, what);
      skipHandleAndLocalPaths(reader, what);
      if (type === INCREMENTAL_KEY_GROUPS_V2) reader.utf('state handle id');
      return true;
    case CHANGELOG:
    case CHANGELOG_V2: {
      reader.int('first key group');
      reader.int('key groups');
      reader.long('checkpointed size');
      const materialized = reader.count('materialized handles');
      for (let i = 0; i < materialized; i++) skipKeyedStateHandle(reader, what);
      const nonMaterialized = reader.count('non-materialized handles');
      for (let i = 0; i < nonMaterialized; i++) skipKeyedStateHandle(reader, what);
      reader.long('materialization id');
      if (type === CHANGELOG_V2) reader.long('changelog checkpoint id');
      reader.utf('state handle id');
      return true;
    }
    case CHANGELOG_BYTE_INCREMENT: {
      reader.int('first key group');
      reader.int('key groups');
      reader.long('sequence from');
      reader.long('sequence to');
      const changes = reader.count('changes');
      for (let i = 0; i < changes; i++) {
        reader.int('change key group');
        reader.skip(reader.count('change length'), 'change');
      }
      reader.utf('state handle id');
      return true;
    }
    case CHANGELOG_FILE_INCREMENT:
    case CHANGELOG_FILE_INCREMENT_V2: {
      reader.int('first key group');
      reader.int('key groups');
      const handles = reader.count('changelog handles');
      for (let i = 0; i < handles; i++) {
        reader.long('changelog offset');
        skipStreamHandle(reader, what);
      }
      reader.long('state size');
      reader.long('checkpointed size');
      reader.utf('state handle id');
      if (type === CHANGELOG_FILE_INCREMENT_V2) reader.utf('storage id');
      return true;
    }
    default:
      throw new MetadataFormatError(`unknown keyed state handle type ${type} in ${what} at byte ${reader.offset - 1}`);
  }
}

function skipHandleAndLocalPaths(reader: Reader, what: string): void {
  const files = reader.count('incremental state files');
  for (let i = 0; i < files; i++) {
    reader.utf('local path');
    skipStreamHandle(reader, what);
  }
}

/** Skips one channel state handle: unframed before format 6, a type byte first from format 6 on. */
function skipChannelStateHandle(reader: Reader, version: number, direction: 'input' | 'output'): void {
  const type = version >= 6 ? reader.byte(`${direction} channel handle type`) : direction === 'input' ? INPUT_CHANNEL : OUTPUT_CHANNEL;
  const single = direction === 'input' ? INPUT_CHANNEL : OUTPUT_CHANNEL;
  const merged = direction === 'input' ? MERGED_INPUT_CHANNEL : MERGED_OUTPUT_CHANNEL;
  if (type === single) {
    reader.int('channel subtask index');
    reader.int('gate or partition index');
    reader.int('channel index');
    reader.skip(reader.count('channel offsets') * 8, 'channel offsets');
    reader.long('channel state size');
    skipStreamHandle(reader, `${direction} channel state`);
  } else if (type === merged) {
    reader.int('channel subtask index');
    reader.long('channel state size');
    skipStreamHandle(reader, `${direction} channel state`);
    reader.skip(reader.count('channel offsets length'), 'channel offsets');
  } else {
    throw new MetadataFormatError(`unknown ${direction} channel handle type ${type} at byte ${reader.offset - 1}`);
  }
}
