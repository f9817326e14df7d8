// A UID gives the operator id Flink itself derives: checked against the vertex ids real Flink
// reported for the probe job (recorded REST fixtures), whose head operators carry explicit UIDs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { murmur3x64_128, operatorIdOf, operatorIdOfUid } from '../../../harness/flink/operator-id.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/flink-rest');

describe('operatorIdOfUid', () => {
  it.each(['1.20.0', '2.1.0'])('gives the vertex ids Flink %s reported for the probe source and keyed operator', (version) => {
    const job = JSON.parse(readFileSync(resolve(FIXTURES, version, 'job-running.json'), 'utf8')) as { vertices: Array<{ id: string; name: string }> };
    const ids = job.vertices.map((v) => v.id);
    expect(ids).toContain(operatorIdOfUid('probe-source'));
    expect(ids).toContain(operatorIdOfUid('probe-state'));
  });

  it('hashes every length: empty, a tail only, whole 16-byte blocks and a block with a tail', () => {
    expect(Buffer.from(murmur3x64_128(new Uint8Array())).toString('hex')).toBe('0'.repeat(32));
    const lengths = [1, 8, 9, 15, 16, 17, 31, 32, 33].map((n) => operatorIdOfUid('u'.repeat(n)));
    expect(new Set(lengths).size).toBe(lengths.length);
    for (const id of lengths) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes 32 hex digits as an operator id and anything else as a UID', () => {
    expect(operatorIdOf('ABCDEF0123456789ABCDEF0123456789')).toBe('abcdef0123456789abcdef0123456789');
    expect(operatorIdOf('probe-state')).toBe(operatorIdOfUid('probe-state'));
  });
});
