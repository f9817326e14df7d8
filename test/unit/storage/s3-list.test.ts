// listObjects follows every page of a ListObjectsV2 listing and maps a failure on any page; a local
// HTTP server plays S3, so no MinIO is needed.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createS3Client, listObjects } from '../../../harness/storage/s3.ts';
import { StorageAccessDeniedError } from '../../../harness/storage/errors.ts';

interface Page { keys: string[]; next?: string }

const listing = (prefix: string, page: Page): string => `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>flink</Name><Prefix>${prefix}</Prefix><KeyCount>${page.keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>${page.next ? 'true' : 'false'}</IsTruncated>${page.next ? `<NextContinuationToken>${page.next}</NextContinuationToken>` : ''}${page.keys.map((key, i) => `<Contents><Key>${key}</Key><LastModified>2024-01-01T00:00:0${i}.000Z</LastModified><ETag>"e"</ETag><Size>${key.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`).join('')}</ListBucketResult>`;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** An S3 stand-in answering ListObjectsV2 from `pages` by continuation token ('' for the first page). */
async function s3Serving(pages: Record<string, Page | 'denied'>, seen: Array<string | null>): Promise<string> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('continuation-token');
    seen.push(token);
    const page = pages[token ?? ''];
    if (page === 'denied' || page === undefined) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>no</Message></Error>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(listing(url.searchParams.get('prefix') ?? '', page));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('listObjects', () => {
  it('returns every object of every page, in order', async () => {
    const seen: Array<string | null> = [];
    const endpoint = await s3Serving({
      '': { keys: ['cp/chk-1/_metadata', 'cp/chk-1/a'], next: 't1' },
      t1: { keys: ['cp/chk-2/_metadata'], next: 't2' },
      t2: { keys: ['cp/chk-3/_metadata'] },
    }, seen);
    const s3 = createS3Client({ endpoint, accessKey: 'a', secretKey: 'b', maxAttempts: 1 });
    const objects = await listObjects(s3, 'flink', 'cp/');
    expect(objects.map((o) => o.key)).toEqual(['cp/chk-1/_metadata', 'cp/chk-1/a', 'cp/chk-2/_metadata', 'cp/chk-3/_metadata']);
    expect(objects[0]).toEqual({ key: 'cp/chk-1/_metadata', size: 'cp/chk-1/_metadata'.length, lastModified: Date.parse('2024-01-01T00:00:00.000Z') });
    expect(seen).toEqual([null, 't1', 't2']);
  });

  it('maps a failure on a later page like one on the first', async () => {
    const endpoint = await s3Serving({ '': { keys: ['cp/a'], next: 't1' }, t1: 'denied' }, []);
    const s3 = createS3Client({ endpoint, accessKey: 'a', secretKey: 'b', maxAttempts: 1 });
    const error = await listObjects(s3, 'flink', 'cp/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expect((error as Error).message).toBe(`S3 storage at ${endpoint} denied ListObjectsV2 flink/cp/ (AccessDenied): check the access key and secret`);
  });

  it('returns nothing for an empty prefix listing', async () => {
    const endpoint = await s3Serving({ '': { keys: [] } }, []);
    const s3 = createS3Client({ endpoint, accessKey: 'a', secretKey: 'b', maxAttempts: 1 });
    expect(await listObjects(s3, 'flink', 'none/')).toEqual([]);
  });
});
