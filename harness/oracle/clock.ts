// Snapshot times come from the clocks of their witnesses (Flink's JobManager, the storage server),
// fault times from the host's. On one machine they agree; on remote ones they drift, and a skew of
// a second is enough to put a checkpoint on the wrong side of a fault.
import type { Snapshot, Witness } from './snapshot.ts';

/**
 * How far remote clocks run ahead of the host's (remote minus host, ms), as measured by the
 * caller: one number for Flink and storage alike, or one per witness. The trigger witness is
 * timed by the host itself and never shifted.
 */
export type ClockOffsets = number | Partial<Record<Exclude<Witness, 'trigger'>, number>>;

function offsetOf(witness: Witness | undefined, offsets: ClockOffsets): number {
  if (witness === undefined || witness === 'trigger') return 0;
  return typeof offsets === 'number' ? offsets : offsets[witness] ?? 0;
}

/**
 * The snapshot with `completedAt` on the host clock. A snapshot is taken to carry the time of its
 * first witness (each witness reports separately; mergeWitnesses unites them afterwards).
 */
export function toHostClock(snapshot: Snapshot, offsets: ClockOffsets | undefined): Snapshot {
  if (offsets === undefined || snapshot.completedAt === undefined) return snapshot;
  const offset = offsetOf(snapshot.seenBy[0], offsets);
  return offset === 0 ? snapshot : { ...snapshot, completedAt: snapshot.completedAt - offset };
}
