// Keeps secrets out of what people read and keep (reports, progress lines). The module that owns a
// secret registers it here; support/ cannot import that module without depending on every layer.

const secrets = new Set<string>();

/** Flink and MinIO settings whose values are credentials, whatever those values are. */
const CREDENTIAL_SETTING = /\b(s3\.(?:access|secret)-key|fs\.s3a\.(?:access|secret)\.key|MINIO_ROOT_(?:USER|PASSWORD)|AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY))(["']?\s*[:=,]\s*["']?)(?!\*{3})[^\s"',}]+/g;

export const REDACTED = '[redacted]';

export function treatAsSecret(...values: string[]): void {
  for (const value of values) if (value) secrets.add(value);
}

export function redactText(text: string): string {
  // Longest first, so a secret that contains another (frh-minio-secret, frh-minio) leaves no tail.
  let redacted = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) redacted = redacted.replaceAll(secret, REDACTED);
  return redacted.replace(CREDENTIAL_SETTING, `$1$2${REDACTED}`);
}

/** A copy of a JSON-shaped value with every string (keys included) redacted. */
export function redactJson<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactJson(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key), redactJson(item)])) as T;
  }
  return value;
}
