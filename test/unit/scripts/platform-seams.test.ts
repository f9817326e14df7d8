// A platform is its folder under harness/platforms/ and its line in registry.ts: outside that folder
// no file names a platform (issue 24). Same logic as scripts/platform-seams.ts, which prints the detail.
import { describe, expect, it } from 'vitest';
import { ALLOWED_MENTIONS, crossPlatformImports, isAllowed, mentionsIn, platformMentions, SEAM_ROOT } from '../../../scripts/platform-seams-lib.ts';
import { PLATFORM_NAMES } from '../../../harness/platforms/registry.ts';

const NAMES = ['docker', 'kubernetes', 'operator', 'pipeline'];
const found = (text: string, file = `${SEAM_ROOT}/harness/cli/sample.ts`) => mentionsIn(file, text, NAMES, SEAM_ROOT).map((m) => `${m.kind} ${m.platform}`);

describe('platform names outside harness/platforms/', () => {
  it('no file outside harness/platforms/ names a platform, except the allowed ones', () => {
    const unexpected = [...platformMentions(SEAM_ROOT)].flatMap(([file, mentions]) => mentions.filter((m) => !isAllowed(file, m)).map((m) => `${file}:${m.line}: ${m.text}`));
    expect(unexpected).toEqual([]);
  });

  it('every allowed mention still exists (an entry whose mention moved goes)', () => {
    const mentions = platformMentions(SEAM_ROOT);
    const stale = ALLOWED_MENTIONS.filter((allowed) => !(mentions.get(allowed.file) ?? []).some((m) => m.text === allowed.text));
    expect(stale).toEqual([]);
  });

  it('no platform imports another platform\'s folder: they meet only in the registry and the shared rooms', () => {
    expect(crossPlatformImports(SEAM_ROOT)).toEqual([]);
  });

  it('measures the registered platforms', () => {
    expect([...PLATFORM_NAMES].sort()).toEqual(NAMES);
  });

  it('finds a name used as a value, a --platform in a message, a path into a platform folder, a key and an import of its code', () => {
    expect(found("if (platform === 'operator') run();")).toEqual(['literal operator']);
    expect(found('const hint = `add --platform kubernetes`;')).toEqual(['flag kubernetes']);
    expect(found("const folder = 'scenarios/operator';")).toEqual(['flag operator']);
    expect(found('const images = { docker: 1 };')).toEqual(['property docker']);
    expect(found("import { sweep } from '../platforms/docker/docker-api.ts';")).toEqual(['import docker']);
    expect(found("type T = typeof import('../platforms/kubernetes/kubernetes-platform.ts');")).toEqual(['import kubernetes']);
  });

  it('passes over comments, the Docker CLI, Flink\'s HA type and lists of another vocabulary', () => {
    expect(found("// on 'docker' the default\nconst x = 1;")).toEqual([]);
    expect(found("execFileSync('docker', ['image', 'inspect']);")).toEqual([]);
    expect(found("const ha = spec.highAvailability === 'kubernetes';")).toEqual([]);
    expect(found("const HA = everyOf('zookeeper', 'kubernetes', 'none');")).toEqual([]);
    expect(found("const PREFIXES = ['metrics', 'kubernetes', 'web'];")).toEqual([]);
    expect(found("import { x } from '../platforms/registry.ts';")).toEqual([]);
  });
});
