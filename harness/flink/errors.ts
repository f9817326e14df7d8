// Errors of the Flink REST client, one class per way a call can fail, each with a one-line
// message fit for a user, plus the rule for which of them are worth retrying.

/** Common base: every failure of a Flink REST call names the method and path it was for. */
export class FlinkRestError extends Error {
  readonly method: string;
  readonly path: string;
  constructor(message: string, method: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FlinkRestError';
    this.method = method;
    this.path = path;
  }
}

/** No HTTP answer at all: connection refused or reset, DNS failure, host unreachable. */
export class FlinkUnreachableError extends FlinkRestError {
  readonly baseUrl: string;
  readonly code: string;
  constructor(baseUrl: string, method: string, path: string, code: string, options?: { cause?: unknown }) {
    super(`Flink REST at ${baseUrl} is unreachable (${code}) for ${method} ${path}`, method, path, options);
    this.name = 'FlinkUnreachableError';
    this.baseUrl = baseUrl;
    this.code = code;
  }
}

/** HTTP 404: the job, trigger id or vertex is unknown to this JobManager (or the path is wrong). */
export class FlinkNotFoundError extends FlinkRestError {
  readonly bodyExcerpt: string;
  constructor(method: string, path: string, bodyExcerpt: string) {
    super(`Flink REST ${method} ${path}: not found${bodyExcerpt ? ` (${bodyExcerpt})` : ''}`, method, path);
    this.name = 'FlinkNotFoundError';
    this.bodyExcerpt = bodyExcerpt;
  }
}

/** The request got no complete answer within its timeout (e.g. a frozen JobManager). */
export class FlinkTimeoutError extends FlinkRestError {
  readonly timeoutMs: number;
  constructor(method: string, path: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`Flink REST ${method} ${path}: no answer within ${timeoutMs} ms`, method, path, options);
    this.name = 'FlinkTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** Any other non-2xx status; `bodyExcerpt` is Flink's first error line, shortened. */
export class FlinkHttpError extends FlinkRestError {
  readonly status: number;
  readonly bodyExcerpt: string;
  constructor(method: string, path: string, status: number, bodyExcerpt: string) {
    super(`Flink REST ${method} ${path}: HTTP ${status}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`, method, path);
    this.name = 'FlinkHttpError';
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }
}

/** The answer was 2xx but did not match our schema; `field` is the first offending path. */
export class FlinkResponseShapeError extends FlinkRestError {
  readonly field: string;
  readonly problem: string;
  constructor(method: string, path: string, field: string, problem: string) {
    super(`Flink REST ${method} ${path}: unexpected response shape at ${field || '(root)'}: ${problem}`, method, path);
    this.name = 'FlinkResponseShapeError';
    this.field = field;
    this.problem = problem;
  }
}

/** An asynchronous operation (savepoint, checkpoint, stop) finished, but failed inside Flink. */
export class FlinkOperationFailedError extends Error {
  readonly operation: string;
  readonly jobId: string;
  readonly triggerId: string;
  constructor(operation: string, jobId: string, triggerId: string, cause: string) {
    super(`Flink ${operation} ${triggerId} of job ${jobId} failed: ${cause}`);
    this.name = 'FlinkOperationFailedError';
    this.operation = operation;
    this.jobId = jobId;
    this.triggerId = triggerId;
  }
}

/**
 * True for failures that may go away by themselves: unreachable, timed out, HTTP 502/503/504.
 * Never true for 4xx, 500 or shape errors: retrying those would only hide a real problem.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof FlinkUnreachableError || error instanceof FlinkTimeoutError) return true;
  return error instanceof FlinkHttpError && [502, 503, 504].includes(error.status);
}
