// Which pod a new forwarded connection goes to, and which namespaces a sweep may delete.
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { V1Pod } from '@kubernetes/client-node';
import { newestRunningPod } from '../../../harness/k8s/port-forward.ts';
import { ownerProcessGone } from '../../../harness/k8s/kube.ts';

const pod = (name: string, created: string, phase: string, deleting = false): V1Pod => ({
  metadata: { name, creationTimestamp: new Date(created), ...(deleting ? { deletionTimestamp: new Date(created) } : {}) },
  status: { phase },
});

describe('newestRunningPod', () => {
  it('follows a replaced pod: the newest running one that is not being deleted', () => {
    expect(newestRunningPod([
      pod('old', '2026-01-01T00:00:00Z', 'Running', true),
      pod('new', '2026-01-01T00:01:00Z', 'Running'),
      pod('older', '2025-12-31T00:00:00Z', 'Running'),
      pod('pending', '2026-01-01T00:02:00Z', 'Pending'),
    ])?.metadata?.name).toBe('new');
    expect(newestRunningPod([pod('p', '2026-01-01T00:00:00Z', 'Pending')])).toBeUndefined();
  });
});

describe('ownerProcessGone', () => {
  it('is true only for a process of this host that no longer runs', () => {
    expect(ownerProcessGone({ 'frh.dev/owner-host': hostname(), 'frh.dev/owner-pid': '999999999' })).toBe(true);
    expect(ownerProcessGone({ 'frh.dev/owner-host': hostname(), 'frh.dev/owner-pid': String(process.pid) })).toBe(false);
    expect(ownerProcessGone({ 'frh.dev/owner-host': 'another-host', 'frh.dev/owner-pid': '999999999' })).toBe(false);
    expect(ownerProcessGone(undefined)).toBe(false);
  });
});
