// Thin helpers over the AWS SDK for an S3-compatible store (MinIO): URIs, client, bucket and
// object operations. Every failure surfaces as an error from ./errors.ts with a one-line message.
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { mapStorageError, StorageError, StorageNotFoundError } from './errors.ts';

export { StorageError, StorageUnreachableError, StorageAccessDeniedError, StorageNotFoundError } from './errors.ts';

/** A location in S3: `key` has no leading slash and may be a prefix ending in '/'. */
export interface S3Location {
  bucket: string;
  key: string;
  /** The URI scheme as given (s3, s3a or s3p): keep it when building paths Flink will compare. */
  scheme: string;
}

/** One listed object; lastModified is epoch ms. */
export interface S3ObjectInfo {
  key: string;
  size: number;
  lastModified: number;
}

export interface S3ClientOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region?: string;
  /** SDK attempts per call including the first (default 3). */
  maxAttempts?: number;
}

const SCHEMES = new Set(['s3', 's3a', 's3p']);
const endpoints = new WeakMap<S3Client, string>();

/** Parses s3://bucket/key (also s3a://, s3p://). Throws on another scheme or a missing bucket. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^([a-z0-9]+):\/\/([^/]+)(?:\/(.*))?$/i.exec(uri.trim());
  const scheme = match?.[1]?.toLowerCase();
  if (!match || !scheme || !SCHEMES.has(scheme) || !match[2]) {
    throw new Error(`not an S3 URI: ${uri} (expected s3://bucket/key, s3a:// or s3p://)`);
  }
  return { scheme, bucket: match[2], key: (match[3] ?? '').replace(/^\/+/, '') };
}

/** Builds `<scheme>://bucket/key` (scheme default s3). */
export function toS3Uri(bucket: string, key: string, scheme = 's3'): string {
  return `${scheme}://${bucket}/${key.replace(/^\/+/, '')}`;
}

/** The key as a listing prefix: '' stays '', anything else ends with exactly one '/'. */
export function asPrefix(key: string): string {
  return key === '' ? '' : `${key.replace(/\/+$/, '')}/`;
}

/** An S3 client for a path-style endpoint such as MinIO (credentials fixed, no ambient lookup). */
export function createS3Client(options: S3ClientOptions): S3Client {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKey, secretAccessKey: options.secretKey },
    maxAttempts: options.maxAttempts ?? 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  });
  endpoints.set(client, options.endpoint);
  return client;
}

/** Runs one SDK call, mapping its failure; the endpoint in messages comes from createS3Client. */
async function call<T>(s3: S3Client, operation: string, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapStorageError(error, endpoints.get(s3) ?? 'S3 endpoint', operation, target);
  }
}

/** Creates the bucket unless it exists (and is ours). */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await call(s3, 'HeadBucket', bucket, () => s3.send(new HeadBucketCommand({ Bucket: bucket })));
    return;
  } catch (error) {
    if (!(error instanceof StorageNotFoundError)) throw error;
  }
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    // Created concurrently by someone with our credentials: that is what we wanted.
    if ((error as { name?: string }).name === 'BucketAlreadyOwnedByYou') return;
    throw mapStorageError(error, endpoints.get(s3) ?? 'S3 endpoint', 'CreateBucket', bucket);
  }
}

/** Writes `text` (UTF-8) to bucket/key, replacing any object there. */
export async function putText(s3: S3Client, bucket: string, key: string, text: string): Promise<void> {
  await call(s3, 'PutObject', `${bucket}/${key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text })));
}

/** Writes raw bytes to bucket/key. */
export async function putBytes(s3: S3Client, bucket: string, key: string, bytes: Uint8Array): Promise<void> {
  await call(s3, 'PutObject', `${bucket}/${key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes })));
}

/**
 * Reads an object, or only bytes [start, end] (inclusive) of it. StorageNotFoundError if absent.
 * A range past the end of a shorter object returns what there is.
 */
export async function getBytes(s3: S3Client, bucket: string, key: string, range?: { start: number; end: number }): Promise<Uint8Array> {
  return call(s3, 'GetObject', `${bucket}/${key}`, async () => {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
    return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
  });
}

/** The first `length` bytes of an object and its LastModified (epoch ms). StorageNotFoundError if absent. */
export async function getObjectStart(s3: S3Client, bucket: string, key: string, length: number): Promise<{ bytes: Uint8Array; lastModified: number }> {
  return call(s3, 'GetObject', `${bucket}/${key}`, async () => {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${length - 1}` }));
    const bytes = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
    return { bytes: bytes.subarray(0, length), lastModified: response.LastModified?.getTime() ?? 0 };
  });
}

/** Reads an object as UTF-8 text. StorageNotFoundError if absent. */
export async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  return new TextDecoder().decode(await getBytes(s3, bucket, key));
}

/** Deletes one object; deleting an absent object succeeds (S3 semantics). */
export async function deleteObject(s3: S3Client, bucket: string, key: string): Promise<void> {
  await call(s3, 'DeleteObject', `${bucket}/${key}`, () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
}

/** Deletes many objects in batches of 1000; throws a StorageError naming the first key that failed. */
export async function deleteObjects(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const result = await call(s3, 'DeleteObjects', `${bucket} (${batch.length} keys)`, () =>
      s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })),
    );
    const failed = result.Errors?.[0];
    if (failed) throw new StorageError(`S3 DeleteObjects ${bucket}/${failed.Key}: ${failed.Code ?? 'error'} ${failed.Message ?? ''}`.trim(), 'DeleteObjects', `${bucket}/${failed.Key}`);
  }
}

/** Every object under `prefix` (recursive, all pages), in S3's key order. */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<S3ObjectInfo[]> {
  return call(s3, 'ListObjectsV2', `${bucket}/${prefix}`, async () => {
    const objects: S3ObjectInfo[] = [];
    // The SDK's paginator follows NextContinuationToken until a page has none.
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        objects.push({ key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified?.getTime() ?? 0 });
      }
    }
    return objects;
  });
}
