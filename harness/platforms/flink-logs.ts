// Reading Flink's own logs, the same on every platform.

/** The most telling line of a Flink log: the last "Caused by", else the last ERROR line. */
export function rootCauseLine(log: string): string | undefined {
  const lines = log.split('\n');
  const caused = lines.filter((l) => l.startsWith('Caused by:')).at(-1);
  return (caused ?? lines.filter((l) => / ERROR /.test(l)).at(-1))?.trim().slice(0, 400);
}
