// The operator id Flink derives from an operator's UID, so a user can name a dropped operator the
// way their job names it. Flink (StreamGraphHasherV2) hashes the UID's UTF-8 bytes with
// murmur3_128 (x64 variant, seed 0) and prints the 16 hash bytes in order as 32 hex digits.

const MASK = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;
const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;

function fmix(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  return k ^ (k >> 33n);
}

function littleEndian(bytes: Uint8Array, from: number, count: number): bigint {
  let value = 0n;
  for (let i = count - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[from + i]!);
  return value;
}

/** MurmurHash3 x64 128-bit of `bytes` (seed 0), as its 16 little-endian bytes h1 then h2. */
export function murmur3x64_128(bytes: Uint8Array): Uint8Array {
  let h1 = 0n;
  let h2 = 0n;
  const blocks = Math.floor(bytes.length / 16);
  for (let b = 0; b < blocks; b++) {
    let k1 = littleEndian(bytes, b * 16, 8);
    let k2 = littleEndian(bytes, b * 16 + 8, 8);
    k1 = mul(rotl(mul(k1, C1), 31n), C2);
    h1 ^= k1;
    h1 = (mul(rotl(h1, 27n) + h2, 5n) + 0x52dce729n) & MASK;
    k2 = mul(rotl(mul(k2, C2), 33n), C1);
    h2 ^= k2;
    h2 = (mul(rotl(h2, 31n) + h1, 5n) + 0x38495ab5n) & MASK;
  }
  const tail = blocks * 16;
  const rest = bytes.length - tail;
  if (rest > 8) {
    const k2 = littleEndian(bytes, tail + 8, rest - 8);
    h2 ^= mul(rotl(mul(k2, C2), 33n), C1);
  }
  if (rest > 0) {
    const k1 = littleEndian(bytes, tail, Math.min(rest, 8));
    h1 ^= mul(rotl(mul(k1, C1), 31n), C2);
  }
  h1 ^= BigInt(bytes.length);
  h2 ^= BigInt(bytes.length);
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, h1, true);
  view.setBigUint64(8, h2, true);
  return out;
}

/** The OperatorID (32 hex digits) Flink gives an operator whose UID is `uid`. */
export function operatorIdOfUid(uid: string): string {
  return Buffer.from(murmur3x64_128(new TextEncoder().encode(uid))).toString('hex');
}

/** `ref` as an operator id: 32 hex digits as they are (lower-cased), anything else as a UID. */
export function operatorIdOf(ref: string): string {
  return /^[0-9a-f]{32}$/i.test(ref) ? ref.toLowerCase() : operatorIdOfUid(ref);
}
