// Progress lines for long waits, so a person watching a run sees what it is waiting for.

/** Writes one progress line to stderr (stdout belongs to test reporters). Silenced by FRH_QUIET=1. */
export function progress(message: string): void {
  if (process.env.FRH_QUIET === '1') return;
  process.stderr.write(`[frh ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
