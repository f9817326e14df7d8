// Errors of the S3 storage witness, one class per way a storage call fails, each with a one-line
// message; mapStorageError turns AWS SDK exceptions into them.
import { classifyNetworkError } from '../support/network-errors.ts';

/** Base class: names the operation and the object (or bucket/prefix) it was about. */
export class StorageError extends Error {
  readonly operation: string;
  readonly target: string;
  constructor(message: string, operation: string, target: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.operation = operation;
    this.target = target;
  }
}

/** No answer from the endpoint: connection refused/reset, DNS failure, timeout. */
export class StorageUnreachableError extends StorageError {
  readonly endpoint: string;
  readonly code: string;
  constructor(endpoint: string, operation: string, target: string, code: string, options?: { cause?: unknown }) {
    super(`S3 storage at ${endpoint} is unreachable (${code}) for ${operation} ${target}`, operation, target, options);
    this.name = 'StorageUnreachableError';
    this.endpoint = endpoint;
    this.code = code;
  }
}

/** The endpoint answered 403: wrong access key or secret, or a policy forbids it. */
export class StorageAccessDeniedError extends StorageError {
  readonly endpoint: string;
  constructor(endpoint: string, operation: string, target: string, reason: string, options?: { cause?: unknown }) {
    super(`S3 storage at ${endpoint} denied ${operation} ${target} (${reason}): check the access key and secret`, operation, target, options);
    this.name = 'StorageAccessDeniedError';
    this.endpoint = endpoint;
  }
}

/** The object or bucket does not exist. */
export class StorageNotFoundError extends StorageError {
  constructor(operation: string, target: string, options?: { cause?: unknown }) {
    super(`S3 ${operation} ${target}: not found`, operation, target, options);
    this.name = 'StorageNotFoundError';
  }
}

const DENIED_NAMES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden', 'InvalidToken', 'ExpiredToken']);
const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound']);

interface SdkErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Maps an AWS SDK exception to StorageUnreachableError, StorageAccessDeniedError,
 * StorageNotFoundError or (anything else) a StorageError carrying the SDK's message.
 */
export function mapStorageError(error: unknown, endpoint: string, operation: string, target: string): StorageError {
  if (error instanceof StorageError) return error;
  const e = (error ?? {}) as SdkErrorLike;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? '';
  // No timeout class here: a storage call that got no answer in time is unreachable storage.
  // RequestTimeout is S3's own answer for a request whose body stopped arriving.
  const failure = classifyNetworkError(error);
  if (failure || name === 'RequestTimeout') {
    return new StorageUnreachableError(endpoint, operation, target, failure?.code || 'timeout', { cause: error });
  }
  if (status === 403 || DENIED_NAMES.has(name)) return new StorageAccessDeniedError(endpoint, operation, target, name || 'HTTP 403', { cause: error });
  if (status === 404 || NOT_FOUND_NAMES.has(name)) return new StorageNotFoundError(operation, target, { cause: error });
  const detail = `${name && name !== 'Error' ? `${name}: ` : ''}${e.message ?? String(error)}`.split('\n')[0];
  return new StorageError(`S3 ${operation} ${target} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`, operation, target, { cause: error });
}
