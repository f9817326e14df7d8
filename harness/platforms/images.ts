// Which image runs each component: the locally built tags from images/build.sh, or user overrides.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const BUILT_IMAGES = resolve(import.meta.dirname, '../../images/.built/images.json');

/** Image for a component; env FRH_IMAGE_<NAME> (e.g. FRH_IMAGE_MINIO, FRH_IMAGE_PROBE_FLINK_2_1_0) wins. */
export function imageFor(name: string): string {
  const override = process.env[`FRH_IMAGE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  if (override) return override;
  let built: Record<string, string>;
  try {
    built = JSON.parse(readFileSync(BUILT_IMAGES, 'utf8')) as Record<string, string>;
  } catch {
    throw new MissingImageError(name, `${BUILT_IMAGES} is missing: run ./run test or images/build.sh first`);
  }
  const tag = built[name];
  if (!tag) throw new MissingImageError(name, `no "${name}" in ${BUILT_IMAGES} (built: ${Object.keys(built).join(', ')})`);
  return tag;
}

/** The plain Flink image (no probe), where a user's job runs. */
export const flinkImageName = (flinkVersion: string): string => `flink-${flinkVersion}`;

export const probeFlinkImageName = (flinkVersion: string): string => `probe-flink-${flinkVersion}`;

export class MissingImageError extends Error {
  readonly image: string;
  constructor(image: string, reason: string) {
    super(`image ${image} not available: ${reason}`);
    this.image = image;
    this.name = 'MissingImageError';
  }
}
