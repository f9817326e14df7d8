// One table of Node network failures, classified the same way for the Flink REST client and S3.
import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../../harness/support/network-errors.ts';
import { mapNetworkError } from '../../../harness/flink/transport.ts';
import { FlinkRestError, FlinkTimeoutError, FlinkUnreachableError } from '../../../harness/flink/errors.ts';
import { mapStorageError, StorageError, StorageUnreachableError } from '../../../harness/storage/errors.ts';

const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });

const table: Array<[string, unknown, ReturnType<typeof classifyNetworkError>]> = [
  ['ECONNREFUSED', withCode('ECONNREFUSED'), { kind: 'unreachable', code: 'ECONNREFUSED' }],
  ['ECONNRESET', withCode('ECONNRESET'), { kind: 'unreachable', code: 'ECONNRESET' }],
  ['ENOTFOUND', withCode('ENOTFOUND'), { kind: 'unreachable', code: 'ENOTFOUND' }],
  ['EAI_AGAIN', withCode('EAI_AGAIN'), { kind: 'unreachable', code: 'EAI_AGAIN' }],
  ['EHOSTUNREACH', withCode('EHOSTUNREACH'), { kind: 'unreachable', code: 'EHOSTUNREACH' }],
  ['ENETUNREACH', withCode('ENETUNREACH'), { kind: 'unreachable', code: 'ENETUNREACH' }],
  ['EPIPE', withCode('EPIPE'), { kind: 'unreachable', code: 'EPIPE' }],
  ['ENETDOWN', withCode('ENETDOWN'), { kind: 'unreachable', code: 'ENETDOWN' }],
  ['EHOSTDOWN', withCode('EHOSTDOWN'), { kind: 'unreachable', code: 'EHOSTDOWN' }],
  ['axios ERR_NETWORK', withCode('ERR_NETWORK', 'Network Error'), { kind: 'unreachable', code: 'ERR_NETWORK' }],
  ['ETIMEDOUT', withCode('ETIMEDOUT'), { kind: 'timeout', code: 'ETIMEDOUT' }],
  ['ECONNABORTED', withCode('ECONNABORTED'), { kind: 'timeout', code: 'ECONNABORTED' }],
  ['ERR_SOCKET_CONNECTION_TIMEOUT', withCode('ERR_SOCKET_CONNECTION_TIMEOUT'), { kind: 'timeout', code: 'ERR_SOCKET_CONNECTION_TIMEOUT' }],
  ['UND_ERR_CONNECT_TIMEOUT', withCode('UND_ERR_CONNECT_TIMEOUT'), { kind: 'timeout', code: 'UND_ERR_CONNECT_TIMEOUT' }],
  ['a TimeoutError without a code', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), { kind: 'timeout', code: '' }],
  ['the code on the cause', new Error('fetch failed', { cause: withCode('ECONNREFUSED') }), { kind: 'unreachable', code: 'ECONNREFUSED' }],
  ['an unrelated code above a network one', Object.assign(new Error('bad'), { code: 'ERR_BAD_REQUEST', cause: withCode('ECONNRESET') }), { kind: 'unreachable', code: 'ECONNRESET' }],
  ['happy eyeballs: an AggregateError', new AggregateError([withCode('ECONNREFUSED'), withCode('ETIMEDOUT')], 'connect failed'), { kind: 'unreachable', code: 'ECONNREFUSED' }],
  ['an HTTP-level code', withCode('ERR_BAD_RESPONSE'), undefined],
  ['no code', new Error('something else'), undefined],
  ['not an error', 'ECONNREFUSED', undefined],
  ['null', null, undefined],
];

describe('classifyNetworkError', () => {
  it.each(table)('%s', (_, error, expected) => {
    expect(classifyNetworkError(error)).toEqual(expected);
  });

  it('survives a cause cycle', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyNetworkError(a)).toBeUndefined();
  });
});

describe('REST and S3 use the same classifier', () => {
  it.each(table)('%s', (_, error, expected) => {
    const rest = mapNetworkError(error, 'http://jm:8081', 'GET', '/overview', 1000);
    const storage = mapStorageError(error, 'http://minio:9000', 'GetObject', 'flink/k');
    if (expected?.kind === 'timeout') {
      expect(rest).toBeInstanceOf(FlinkTimeoutError);
      expect(storage).toBeInstanceOf(StorageUnreachableError); // storage has no timeout class
      expect((storage as StorageUnreachableError).code).toBe(expected.code || 'timeout');
    } else if (expected?.kind === 'unreachable') {
      expect(rest).toBeInstanceOf(FlinkUnreachableError);
      expect((rest as FlinkUnreachableError).code).toBe(expected.code);
      expect(storage).toBeInstanceOf(StorageUnreachableError);
      expect((storage as StorageUnreachableError).code).toBe(expected.code);
    } else {
      expect(rest.constructor).toBe(FlinkRestError);
      expect(storage.constructor).toBe(StorageError);
    }
  });
});
