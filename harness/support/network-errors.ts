// One classifier for Node network failures, shared by the Flink REST client and the S3 witness:
// which errno-style codes mean "nobody answered" and which mean "no answer in time".

/** How a call failed below HTTP: no connection (refused, reset, DNS, no route) or no answer in time. */
export type NetworkFailureKind = 'unreachable' | 'timeout';

/** A classified network failure; `code` is the errno-style code found, '' when only a TimeoutError named it. */
export interface NetworkFailure {
  kind: NetworkFailureKind;
  code: string;
}

/** Codes of a connection that failed or broke: refused, reset, DNS failure, no route, broken pipe. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENETDOWN', 'EHOSTDOWN',
  'ERR_NETWORK', // axios: a network error without a Node code
]);

/** Codes of a connection or request that took too long (Node, axios, undici). */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The kind of network failure `error` is, or undefined when it is not one (an HTTP answer, a
 * parse error, anything else). Looks at the error, its cause chain and an AggregateError's members
 * (Node's happy-eyeballs connect fails with one), breadth first, and takes the first known code. An
 * error named TimeoutError (AbortSignal.timeout, the AWS SDK's socket timeout) is a timeout.
 */
export function classifyNetworkError(error: unknown): NetworkFailure | undefined {
  const code = networkCode(error);
  const name = (error as { name?: unknown } | null)?.name;
  if (TIMEOUT_CODES.has(code) || name === 'TimeoutError') return { kind: 'timeout', code };
  if (UNREACHABLE_CODES.has(code)) return { kind: 'unreachable', code };
  return undefined;
}

/** The first known network code on the error, its cause chain or an AggregateError's members; '' if none. */
export function networkCode(error: unknown): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof candidate.code === 'string' && (UNREACHABLE_CODES.has(candidate.code) || TIMEOUT_CODES.has(candidate.code))) return candidate.code;
    queue.push(candidate.cause);
    if (Array.isArray(candidate.errors)) queue.push(...candidate.errors);
  }
  return '';
}
