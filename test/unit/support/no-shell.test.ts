// No user-supplied field reaches a shell: every process the harness starts gets its arguments as a
// list (spawn, execFile), never a command line a shell parses (exec, execSync, shell: true). The two
// `sh -c` there are a boundary by design (the user's own resume command, README "Security") and a
// fixed script with no parameter (the JVM kill); any other appears here first.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../../../harness/report/redact.ts';
import { renderManifest } from '../../../harness/platforms/on-cluster/manifests.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const PAYLOAD = '$(touch /tmp/frh-pwned) `touch /tmp/frh-pwned` ; touch /tmp/frh-pwned | x && y \'"\n';

describe('no shell between a user\'s input and a process', () => {
  it('starts every process with an argument list; sh -c only for the team\'s own commands (resume command, pipeline) and the fixed JVM kill', () => {
    const shellish: string[] = [];
    for (const file of filesUnder(join(ROOT, 'harness')).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(file, 'utf8');
      const name = relative(ROOT, file);
      if (/\b(exec|execSync)\(/.test(source.replace(/\.exec\(|kube\.exec\(|async exec\(/g, '')) && /child_process/.test(source)) shellish.push(`${name}: exec/execSync`);
      if (/shell:\s*true/.test(source)) shellish.push(`${name}: shell: true`);
      for (const match of source.matchAll(/'(?:ba)?sh',\s*\[?\s*'-c',\s*([^\]\n]*)/g)) shellish.push(`${name}: sh -c ${match[1]!.trim().slice(0, 30)}`);
    }
    expect(shellish).toEqual([
      "harness/platforms/on-cluster/jvm-kill.ts: sh -c 'for p in /proc/[0-9",
      'harness/platforms/pipeline/contract.ts: sh -c command',
      'harness/platforms/resume/command.ts: sh -c command',
    ]);
  });

  it('puts a parameter into a manifest as one field, whatever it holds', () => {
    const objects = renderManifest('flink-rbac', { NAMESPACE: PAYLOAD }, {});
    expect(objects.map((o) => o.metadata?.namespace)).toEqual([PAYLOAD, PAYLOAD, PAYLOAD]);
    expect(objects).toHaveLength(3);
  });
});
