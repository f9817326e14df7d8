// The local cluster's CoreDNS is built with only the plugins images/kubernetes/build.sh lists: a
// Corefile plugin left out of that list stops CoreDNS at start-up ("no action found for directive"),
// which a cluster would show only after a quarter of an hour of compiling. Both files are read as
// they are committed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The names in build.sh's `coredns_plugins=(...)`. */
function builtCoreDnsPlugins(buildScript: string): string[] {
  const list = /^coredns_plugins=\(([^)]*)\)/m.exec(buildScript);
  if (!list) throw new Error('build.sh has no coredns_plugins=(...) line');
  return list[1]!.trim().split(/\s+/);
}

/** The plugins a Corefile's server blocks name: the first word of each line directly inside a block. */
function corefilePlugins(corefile: string): string[] {
  const plugins = new Set<string>();
  let depth = 0;
  for (const line of corefile.split('\n')) {
    const words = line.trim().split(/\s+/).filter((word) => word !== '');
    if (depth === 1 && words[0] && words[0] !== '}') plugins.add(words[0]);
    for (const char of line) {
      if (char === '{') depth += 1;
      if (char === '}') depth -= 1;
    }
  }
  return [...plugins];
}

/** The Corefile in local-cluster.sh's CoreDNS ConfigMap: the indented block after `Corefile: |`. */
function clusterCorefile(localClusterScript: string): string {
  const lines = localClusterScript.split('\n');
  const start = lines.findIndex((line) => /^\s*Corefile: \|\s*$/.test(line));
  if (start < 0) throw new Error('local-cluster.sh has no "Corefile: |" block');
  const indent = (line: string): number => line.length - line.trimStart().length;
  const blockIndent = indent(lines[start]!);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && indent(line) <= blockIndent) break;
    block.push(line);
  }
  return block.join('\n');
}

describe('the local cluster\'s trimmed CoreDNS', () => {
  const buildScript = readFileSync(resolve(ROOT, 'images/kubernetes/build.sh'), 'utf8');
  const corefile = clusterCorefile(readFileSync(resolve(ROOT, 'scripts/local-cluster.sh'), 'utf8'));

  it('is built with every plugin the cluster\'s Corefile names, and no other', () => {
    expect(corefilePlugins(corefile).length).toBeGreaterThan(0);
    expect(builtCoreDnsPlugins(buildScript).sort()).toEqual(corefilePlugins(corefile).sort());
  });

  it('reads a Corefile\'s plugins from its server blocks, not from a plugin\'s own block', () => {
    const plugins = corefilePlugins('.:53 {\n    errors\n    kubernetes cluster.local {\n        pods insecure\n    }\n    cache 30\n}\n');
    expect(plugins).toEqual(['errors', 'kubernetes', 'cache']);
  });
});
