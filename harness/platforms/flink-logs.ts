// Reading Flink's own logs, the same on every platform.

/** The most telling line of a Flink log: the last "Caused by", else the last ERROR line. */
export function rootCauseLine(log: string): string | undefined {
  const lines = log.split('\n');
  const caused = lines.filter((l) => l.startsWith('Caused by:')).at(-1);
  return (caused ?? lines.filter((l) => / ERROR /.test(l)).at(-1))?.trim().slice(0, 400);
}

/**
 * Whether a JobManager's root cause says the state it had to recover is gone: a checkpoint,
 * savepoint or HA file (completedCheckpoint, submittedJobGraph, executionPlan, _metadata) that
 * does not exist or cannot be read. Anything else (out of memory, a bad image or class path, a
 * crash loop for another reason) says nothing about state and is the infrastructure's failure.
 */
export function causeIsLostState(cause: string): boolean {
  if (/OutOfMemoryError|ClassNotFoundException|NoClassDefFoundError|UnsupportedClassVersionError|exec format error|ImagePull|ErrImage/i.test(cause)) return false;
  const missing = /FileNotFoundException|NoSuchFileException|does not exist|not found|not available|No such file|Cannot find|Could not find|Could not read|Could not retrieve/i.test(cause);
  const stateFile = /checkpoint|savepoint|_metadata|completedCheckpoint|submittedJobGraph|executionPlan|recovery|restore|\/ha\b|high.availability/i.test(cause);
  return missing && stateFile;
}
