// Prints the README's table of platforms from the registry (harness/platforms/registry.ts);
// test/unit/scripts/platform-table.test.ts keeps the README's copy equal to it.
//   node scripts/platform-table.ts
import { PLATFORMS } from '../harness/platforms/registry.ts';

export function platformTable(): string {
  const rows = PLATFORMS.map((p) => [
    `\`${p.name}\`${p === PLATFORMS[0] ? ' (default)' : ''}`,
    p.summary,
    p.runsOn === 'kubernetes-cluster' ? 'a Kubernetes cluster (`--provider`)' : "this machine's Docker engine",
    p.defaultFlinkVersion,
    p.cannotRun ? 'those it says it can run (cannotRun)' : p.runsUnnamedScenarios ? 'yes' : 'only those naming it',
    p.ownScenarioFolder ? `\`${p.ownScenarioFolder}/\`` : '-',
    p.soak.runs ? `yes${p.soak.defaultFaults ? ` (by default ${p.soak.defaultFaults.join(', ')})` : ''}` : `no (${p.soak.why})`,
    p.options.map((o) => `\`--${o.flag}\``).join(', ') || '-',
  ]);
  const header = ['platform', 'what deploys Flink, who decides restores', 'runs on', 'default Flink', 'unnamed scenarios', 'its own scenarios', 'soak', 'its options'];
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

if (import.meta.main) process.stdout.write(`${platformTable()}\n`);
