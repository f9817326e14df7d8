// One HTTP exchange with Flink's REST API: axios underneath, every failure mapped to an error
// class from errors.ts, responses checked against a zod schema, retries for transient failures.
import axios, { type AxiosInstance } from 'axios';
import pRetry from 'p-retry';
import type { z } from 'zod';
import {
  FlinkHttpError,
  FlinkNotFoundError,
  FlinkResponseShapeError,
  FlinkRestError,
  FlinkTimeoutError,
  FlinkUnreachableError,
  isTransient,
} from './errors.ts';
import { classifyNetworkError } from '../support/network-errors.ts';

/** Per-call overrides of the client's defaults. */
export interface CallOptions {
  /** Retries for transient failures (ignored for calls that are not safe to repeat). */
  retries?: number;
  timeoutMs?: number;
}

/** What to send. Only `idempotent` requests are ever retried. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  idempotent: boolean;
  /** Treat this non-2xx status as success (e.g. a retried cancel meeting an already-ended job). */
  acceptStatus?: (status: number, attempt: number) => boolean;
}

export interface TransportOptions {
  baseUrl: string;
  requestTimeoutMs?: number;
  retries?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const EXCERPT_CHARS = 200;

/** Sends requests to one Flink REST endpoint; the endpoint can be re-pointed with setBaseUrl. */
export class FlinkTransport {
  #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #minBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #http: AxiosInstance;

  constructor(options: TransportOptions) {
    this.#baseUrl = trimSlash(options.baseUrl);
    this.#timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#retries = options.retries ?? 4;
    this.#minBackoffMs = options.minBackoffMs ?? 250;
    this.#maxBackoffMs = options.maxBackoffMs ?? 2_000;
    this.#http = axios.create({
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true },
      maxRedirects: 0,
    });
  }

  /** The endpoint requests currently go to, without trailing slash. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** Re-points later requests (e.g. after a restarted JobManager got a new host port). */
  setBaseUrl(url: string): void {
    this.#baseUrl = trimSlash(url);
  }

  /**
   * Sends `spec`, parses the answer with `schema` and returns the parsed value. Throws the
   * errors of errors.ts; retries only idempotent requests and only after transient failures.
   */
  async send<S extends z.ZodType>(spec: RequestSpec, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    const retries = spec.idempotent ? (options.retries ?? this.#retries) : 0;
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    return pRetry((attempt) => this.#once(spec, schema, timeoutMs, attempt), {
      retries,
      minTimeout: this.#minBackoffMs,
      maxTimeout: this.#maxBackoffMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => isTransient(error),
    });
  }

  async #once<S extends z.ZodType>(spec: RequestSpec, schema: S, timeoutMs: number, attempt: number): Promise<z.output<S>> {
    const shownPath = spec.params ? `${spec.path}?${new URLSearchParams(spec.params).toString()}` : spec.path;
    const baseUrl = this.#baseUrl;
    let status: number;
    let text: string;
    try {
      const response = await this.#http.request<string>({
        method: spec.method,
        url: baseUrl + spec.path,
        params: spec.params,
        data: spec.body,
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs + 1_000),
      });
      status = response.status;
      text = typeof response.data === 'string' ? response.data : '';
    } catch (error) {
      throw mapNetworkError(error, baseUrl, spec.method, shownPath, timeoutMs);
    }
    if (status < 200 || status >= 300) {
      if (spec.acceptStatus?.(status, attempt)) return schema.parse(undefined);
      const excerpt = bodyExcerpt(text);
      if (status === 404) throw new FlinkNotFoundError(spec.method, shownPath, excerpt);
      throw new FlinkHttpError(spec.method, shownPath, status, excerpt);
    }
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      throw new FlinkResponseShapeError(spec.method, shownPath, '', `not JSON: ${bodyExcerpt(text)}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new FlinkResponseShapeError(spec.method, shownPath, issue?.path.map(String).join('.') ?? '', issue?.message ?? 'invalid');
    }
    return parsed.data;
  }
}

/** Maps an exception from axios (no HTTP status) to Unreachable, Timeout or a plain FlinkRestError. */
export function mapNetworkError(error: unknown, baseUrl: string, method: string, path: string, timeoutMs: number): Error {
  const failure = classifyNetworkError(error);
  // axios names a request ended by its AbortSignal (our hard deadline) CanceledError.
  if (failure?.kind === 'timeout' || (error as { name?: string } | null)?.name === 'CanceledError') {
    return new FlinkTimeoutError(method, path, timeoutMs, { cause: error });
  }
  if (failure?.kind === 'unreachable') return new FlinkUnreachableError(baseUrl, method, path, failure.code, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new FlinkRestError(`Flink REST ${method} ${path} at ${baseUrl} failed: ${message}`, method, path, { cause: error });
}

/** Flink answers errors as {"errors": ["message", "<stack trace>"]}: keep the first line, shortened. */
export function bodyExcerpt(text: string): string {
  let first = text;
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(body.errors) && typeof body.errors[0] === 'string') first = body.errors[0];
  } catch {
    // not JSON: use the raw text
  }
  const line = first.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
