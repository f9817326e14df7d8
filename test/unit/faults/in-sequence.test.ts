// Faults compose: inSequence on the trivial fault (Jepsen's noop) and recording fakes.
import { describe, expect, it } from 'vitest';
import { inSequence, MissingAbilityError, noFault } from '../../../harness/faults/index.ts';
import type { Fault, FaultContext } from '../../../harness/faults/index.ts';
import type { Deployment } from '../../../harness/platforms/platform.ts';

const context = { deployment: { platform: 'fake' }, watcher: {} } as unknown as FaultContext;

function recording(name: string, log: string[], overrides: Partial<Fault> = {}): Fault {
  return {
    name,
    kind: 'cancel',
    recovery: 'redeploy',
    check: () => undefined,
    inject: async () => { log.push(`inject ${name}`); return { fault: name, at: name.length, detail: { name } }; },
    heal: async () => { log.push(`heal ${name}`); },
    ...overrides,
  };
}

describe('noFault', () => {
  it('does nothing and needs nothing', async () => {
    expect(() => noFault.check(context.deployment)).not.toThrow();
    const record = await noFault.inject(context);
    expect(record).toMatchObject({ fault: 'none', detail: {} });
    expect(noFault).toMatchObject({ kind: 'none', recovery: 'failover' });
    expect(noFault.heal).toBeUndefined();
  });
});

describe('inSequence', () => {
  it('injects in order, heals in reverse, and skips faults without heal', async () => {
    const log: string[] = [];
    const fault = inSequence(noFault, recording('a', log), recording('bb', log));
    const record = await fault.inject(context);
    await fault.heal?.(context);
    expect(log).toEqual(['inject a', 'inject bb', 'heal bb', 'heal a']);
    expect(record.fault).toBe('none+a+bb');
    expect(record.detail).toEqual({ none: {}, a: { name: 'a' }, bb: { name: 'bb' } });
  });

  it('takes its time and kind from the first fault, and redeploys if any part does', async () => {
    const log: string[] = [];
    const first = recording('first', log, { kind: 'ha-metadata-loss', recovery: 'failover' });
    expect(inSequence(first, noFault)).toMatchObject({ name: 'first+none', kind: 'ha-metadata-loss', recovery: 'failover' });
    expect(inSequence(noFault, recording('c', log))).toMatchObject({ kind: 'none', recovery: 'redeploy' });
    expect((await inSequence(first, noFault).inject(context)).at).toBe('first'.length);
  });

  it('checks every part before the run', () => {
    const needy = recording('needy', [], { check: (d: Deployment) => { throw new MissingAbilityError('needy', d.platform, 'do it'); } });
    expect(() => inSequence(noFault, needy).check(context.deployment)).toThrow(MissingAbilityError);
  });
});
