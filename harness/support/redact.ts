// Keeps secrets out of what people read and keep (reports, bundles, progress lines), by value: every
// secret the run knows is registered here (the module that owns one registers it; support/ cannot
// import that module without depending on every layer), and text that says a value is secret (a
// password in a URL, `--api-token X`, `PASSWORD=X`, `Authorization: Bearer X`) loses that value
// whoever wrote it.

const secrets = new Set<string>();

export const REDACTED = '[redacted]';

/** Variable names whose values are secrets whatever they hold. */
export const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH|COOKIE|SESSION/i;

/**
 * A word that makes a setting, flag or field a secret when its name contains it (narrower than
 * SECRET_NAME: in logs and configs "session" and "auth" name many things that are not secrets).
 */
const SECRET_WORD = String.raw`(?:secret|password|passwd|token|credential|private[_.-]?key|api[_.-]?key|access[_.-]?key|client[_.-]?key|authorization|cookie)`;
/** A field name in a JSON-shaped value whose string value is a secret. */
const SECRET_FIELD = new RegExp(SECRET_WORD, 'i');

/** Flink and MinIO settings whose values are credentials, whatever those values are. */
const CREDENTIAL_SETTING = /\b(s3\.(?:access|secret)-key|fs\.s3a\.(?:access|secret)\.key|MINIO_ROOT_(?:USER|PASSWORD)|AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY))(["']?\s*[:=,]\s*["']?)(?!\*{3}|\[redacted\])[^\s"',}]+/g;
/** `scheme://user:PASSWORD@host`: the password. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@"'<>]{1,256}:)([^\s@/"'<>]{1,256})(@)/gi;
/** `Authorization: Bearer X` and the like: the token. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/=-]{6,})/g;
/** `name=X`, `name: X`, `"name": "X"`, `--name=X` where the name holds a secret word: X. */
const SECRET_ASSIGNMENT = new RegExp(String.raw`([\w.-]{0,60}${SECRET_WORD}[\w.-]{0,60})(["']?[ \t]*[:=][ \t]*["']?)(?!\[redacted\]|(?:Bearer|Basic|Token)\s)([^\s"',;}&]+)`, 'gi');
/** `--api-token X`: a flag whose name holds a secret word, then its value as the next word. */
const SECRET_FLAG = new RegExp(String.raw`((?:^|\s)--?[\w.-]{0,60}${SECRET_WORD}[\w.-]{0,60})([ \t]+["']?)(?!-)(?!\[redacted\])([^\s"',;}&]+)`, 'gim');

// Names and URL parts are bounded: an unbounded run before the secret word makes a long word
// (a digest, a base64 blob in an HA ConfigMap) cost quadratic time.

/** Values too short or too common to replace everywhere (a variable AUTH=1 must not blank every 1). */
function worthRedacting(value: string): boolean {
  return value.length >= 6 && !REDACTED.includes(value) && !/^(true|false|yes|no|none|null)$/i.test(value);
}

export function treatAsSecret(...values: string[]): void {
  for (const value of values) if (value && worthRedacting(value)) secrets.add(value);
}

/**
 * The secrets an environment holds: the values of variables whose names say they are secret, and
 * the passwords inside any value that is a URL with credentials (HTTPS_PROXY=http://u:p@proxy).
 */
export function secretsOfEnvironment(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name)) found.push(value);
    found.push(...secretsInText(value));
  }
  return found.filter(worthRedacting);
}

/** Values a text marks as secret (URL passwords, `--token X`, `PASSWORD=X`, bearer tokens). */
export function secretsInText(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CREDENTIAL_SETTING)) found.push(match[0].slice(match[1]!.length + match[2]!.length));
  for (const match of text.matchAll(URL_PASSWORD)) found.push(match[2]!);
  for (const match of text.matchAll(AUTH_SCHEME)) found.push(match[3]!);
  for (const match of text.matchAll(SECRET_ASSIGNMENT)) found.push(match[3]!);
  for (const match of text.matchAll(SECRET_FLAG)) found.push(match[3]!);
  return found.filter(worthRedacting);
}

/** What a text shows that the redaction would hide: a secret this process knows, or a value the text marks as secret. */
export function unredactedSecrets(text: string): string[] {
  return [...[...secrets].filter((secret) => text.includes(secret)), ...secretsInText(text)];
}

/** Secrets in a program's arguments: `--password X`, `--api-token=X`, `password=X`. */
export function secretsInArguments(args: readonly string[]): string[] {
  const found: string[] = [];
  args.forEach((arg, i) => {
    const flag = new RegExp(String.raw`^--?[\w.-]{0,60}${SECRET_WORD}[\w.-]{0,60}$`, 'i');
    if (flag.test(arg) && args[i + 1] !== undefined) found.push(args[i + 1]!);
    else found.push(...secretsInText(arg));
  });
  return found.filter(worthRedacting);
}

/** Secrets in a flat configuration (Flink's keys): the values of keys that name a secret. */
export function secretsInSettings(settings: Record<string, string> | undefined): string[] {
  return Object.entries(settings ?? {}).flatMap(([key, value]) => (SECRET_FIELD.test(key) ? [String(value)] : secretsInText(String(value)))).filter(worthRedacting);
}

export function redactText(text: string): string {
  // Longest first, so a secret that contains another (frh-minio-secret, frh-minio) leaves no tail.
  let redacted = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) redacted = redacted.replaceAll(secret, REDACTED);
  return redacted
    .replace(CREDENTIAL_SETTING, `$1$2${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}$3`)
    .replace(AUTH_SCHEME, `$1$2${REDACTED}`)
    .replace(SECRET_ASSIGNMENT, `$1$2${REDACTED}`)
    .replace(SECRET_FLAG, `$1$2${REDACTED}`);
}

/** A copy of a JSON-shaped value with every string (keys included) redacted, and every string under a secret-named key replaced. */
export function redactJson<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactJson(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key), typeof item === 'string' && item !== '' && SECRET_FIELD.test(key) ? REDACTED : redactJson(item)])) as T;
  }
  return value;
}

// Whatever process writes reports or prints progress knows its own environment's secrets.
treatAsSecret(...secretsOfEnvironment(process.env));
