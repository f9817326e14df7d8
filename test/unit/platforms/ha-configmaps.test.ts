import { describe, expect, it } from 'vitest';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { haConfigMapsIn } from '../../../harness/platforms/on-cluster/namespace-parts.ts';

const named = (...names: string[]): V1ConfigMap[] => names.map((name) => ({ metadata: { name } }));

describe('which HA ConfigMaps a deletion takes', () => {
  const maps = named('probe-cluster-config-map', 'probe-00000000000000000000000000000000-config-map');

  it('all of the cluster-id\'s by default', () => {
    expect(haConfigMapsIn(maps, 'all').map((c) => c.metadata!.name)).toEqual(['probe-cluster-config-map', 'probe-00000000000000000000000000000000-config-map']);
  });

  it('only the job\'s own, leaving the cluster\'s leader ConfigMap', () => {
    expect(haConfigMapsIn(maps, 'job').map((c) => c.metadata!.name)).toEqual(['probe-00000000000000000000000000000000-config-map']);
    expect(haConfigMapsIn(named('probe-cluster-config-map'), 'job')).toEqual([]);
  });
});
