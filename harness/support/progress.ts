// Progress lines for long waits, so a person watching a run sees what it is waiting for.
import { redactText } from './redact.ts';

/**
 * Writes one progress line to stderr (stdout belongs to test reporters). Silenced by FRH_QUIET=1.
 * Redacted, because a line may quote an error carrying a container's log or a rendered manifest.
 */
export function progress(message: string): void {
  if (process.env.FRH_QUIET === '1') return;
  process.stderr.write(`[frh ${new Date().toISOString().slice(11, 19)}] ${redactText(message)}\n`);
}
