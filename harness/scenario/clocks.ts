// How far the clocks of Flink and of the storage server run from the host's. Snapshot times come
// from those clocks and fault times from the host's: on a remote cluster with a skewed clock, a
// checkpoint would land on the wrong side of the fault. Measured once before the fault.
import type { Deployment } from '../platforms/platform.ts';
import { getObjectStart, parseS3Uri, putText } from '../storage/s3.ts';

const SAMPLES = 3;
/** S3 times have whole seconds: an offset under this is indistinguishable from rounding. */
const STORAGE_RESOLUTION_MS = 2_000;

export interface MeasuredOffsets {
  /** Flink's JobManager clock minus the host's (ms); REST times and the HA witness use it. */
  rest: number;
  /** The storage server's clock minus the host's (ms), 0 when within its one-second resolution. */
  storage: number;
}

/** Flink: the `now` of GET /jobs/:id against the midpoint of the request with the shortest round trip. */
export async function flinkClockOffset(deployment: Deployment): Promise<number> {
  let best: { roundTrip: number; offset: number } | undefined;
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = Date.now();
    const job = await deployment.rest.job(deployment.jobId);
    const receivedAt = Date.now();
    if (job.now === undefined) continue;
    const sample = { roundTrip: receivedAt - sentAt, offset: job.now - (sentAt + receivedAt) / 2 };
    if (!best || sample.roundTrip < best.roundTrip) best = sample;
  }
  return Math.round(best?.offset ?? 0);
}

/** Storage: the LastModified of an object written now, against the moment it was written. */
export async function storageClockOffset(deployment: Deployment): Promise<number> {
  const { bucket } = parseS3Uri(deployment.paths.checkpoints);
  const key = 'frh-clock-probe';
  const sentAt = Date.now();
  await putText(deployment.s3, bucket, key, String(sentAt));
  const receivedAt = Date.now();
  const { lastModified } = await getObjectStart(deployment.s3, bucket, key, 1);
  // LastModified is truncated to the second: its true value lies in [lastModified, lastModified + 1 s).
  const offset = lastModified + 500 - (sentAt + receivedAt) / 2;
  return Math.abs(offset) < STORAGE_RESOLUTION_MS ? 0 : Math.round(offset);
}

export async function measureClockOffsets(deployment: Deployment): Promise<MeasuredOffsets> {
  const [rest, storage] = await Promise.all([flinkClockOffset(deployment), storageClockOffset(deployment)]);
  return { rest, storage };
}
