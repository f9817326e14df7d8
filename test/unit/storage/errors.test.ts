// Storage failures become distinct one-line errors; no MinIO needed for these.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createS3Client, listObjects } from '../../../harness/storage/s3.ts';
import { mapStorageError, StorageAccessDeniedError, StorageError, StorageNotFoundError, StorageUnreachableError } from '../../../harness/storage/errors.ts';

describe('mapStorageError', () => {
  it('maps SDK service errors by name and status', () => {
    const denied = Object.assign(new Error('The Access Key Id you provided does not exist'), { name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
    expect(mapStorageError(denied, 'http://m:9000', 'ListObjectsV2', 'flink/x')).toBeInstanceOf(StorageAccessDeniedError);
    const headForbidden = Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 403 } });
    expect(mapStorageError(headForbidden, 'e', 'HeadBucket', 'flink')).toBeInstanceOf(StorageAccessDeniedError);
    const missing = Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    expect(mapStorageError(missing, 'e', 'GetObject', 'flink/k')).toBeInstanceOf(StorageNotFoundError);
    const other = Object.assign(new Error('We encountered an internal error'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
    const mapped = mapStorageError(other, 'e', 'GetObject', 'flink/k');
    expect(mapped.constructor).toBe(StorageError);
    expect(mapped.message).toBe('S3 GetObject flink/k failed (HTTP 500): InternalError: We encountered an internal error');
  });
});

describe('S3 helpers against endpoints that are not S3', () => {
  it('report a refused connection as StorageUnreachableError', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const s3 = createS3Client({ endpoint: `http://127.0.0.1:${port}`, accessKey: 'a', secretKey: 'b', maxAttempts: 1 });
    const error = await listObjects(s3, 'flink', 'checkpoints/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnreachableError);
    expect((error as Error).message).toBe(`S3 storage at http://127.0.0.1:${port} is unreachable (ECONNREFUSED) for ListObjectsV2 flink/checkpoints/`);
  });

  it('report HTTP 403 as StorageAccessDeniedError', async () => {
    const server = createServer((_, res) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>nope</Message></Error>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const s3 = createS3Client({ endpoint: `http://127.0.0.1:${port}`, accessKey: 'a', secretKey: 'b', maxAttempts: 1 });
      await expect(listObjects(s3, 'flink', '')).rejects.toBeInstanceOf(StorageAccessDeniedError);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
