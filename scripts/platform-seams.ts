// Prints where the house outside harness/platforms/ names a platform, and the import cycles among
// harness/ folders and files: the two measures of how pluggable platforms are (issue 24).
//   node scripts/platform-seams.ts [--json]
//   node scripts/platform-seams.ts --path harness/report harness/scenario   (why one depends on the other)
// test/unit/scripts/platform-seams.test.ts enforces the first with the same functions.
import { resolve } from 'node:path';
import { ALLOWED_MENTIONS, crossPlatformImports, isAllowed, platformMentions, sharedPlatformFileMentions, importCycles, importPath, SEAM_ROOT, type Mention } from './platform-seams-lib.ts';

function main(): void {
  const root = SEAM_ROOT;
  const pathAt = process.argv.indexOf('--path');
  if (pathAt >= 0) {
    // --path FROM TO: why FROM (a folder or file of harness/) depends on TO, one import per line.
    const [from, to] = process.argv.slice(pathAt + 1, pathAt + 3);
    const found = importPath(root, from ?? '', to ?? '');
    process.stdout.write(found.length > 0 ? `${found.join('\n')}\n` : `no import path from ${from} to ${to}\n`);
    return;
  }
  const mentions = platformMentions(root);
  const cycles = importCycles(root);
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ mentions: Object.fromEntries(mentions), shared: Object.fromEntries(sharedPlatformFileMentions(root)), cycles, crossPlatformImports: crossPlatformImports(root) }, null, 2)}\n`);
    return;
  }
  const lines: string[] = [];
  const counted = [...mentions].map(([file, found]) => [file, found.filter((m) => !isAllowed(file, m))] as const).filter(([, found]) => found.length > 0);
  const allowed = [...mentions].flatMap(([file, found]) => found.filter((m) => isAllowed(file, m)).map((m) => ({ file, m })));
  const total = counted.reduce((sum, [, m]) => sum + m.length, 0);
  lines.push(`(a) files outside harness/platforms/ naming a platform: ${counted.length} files, ${total} mentions (and ${allowed.length} allowed, below)`);
  for (const [file, found] of counted.sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${String(found.length).padStart(3)}  ${file}`);
    for (const m of found) lines.push(`         ${m.line}: ${describe(m)}`);
  }
  for (const { file, m } of allowed) lines.push(`  allowed: ${file}:${m.line}: ${m.text} (${ALLOWED_MENTIONS.find((a) => a.file === file && a.text === m.text)?.why})`);
  lines.push('');
  for (const kind of ['all', 'runtime'] as const) {
    const { folders, files } = cycles[kind];
    const label = kind === 'all' ? 'every import (type-only and lazy import() included)' : 'imports loaded with the module (type-only and lazy import() left out)';
    lines.push(`(b) import cycles, ${label}:`);
    lines.push(`  folders: ${folders.pairs.length} mutual pair(s), ${folders.components.length} cycle(s)`);
    for (const [a, b] of folders.pairs) lines.push(`    ${a} <-> ${b}`);
    for (const component of folders.components) lines.push(`    cycle of ${component.length}: ${component.join(', ')}`);
    lines.push(`  files: ${files.components.length} cycle(s)`);
    for (const component of files.components) lines.push(`    cycle of ${component.length}: ${component.join(', ')}`);
    lines.push('');
  }
  const shared = sharedPlatformFileMentions(root);
  lines.push(`(c) shared files of harness/platforms/ (outside the platforms' own folders) naming a platform: ${shared.size} (registry.ts is meant to)`);
  for (const [file, found] of [...shared].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${String(found.length).padStart(3)}  ${file}`);
  const crossing = crossPlatformImports(root);
  lines.push(`(d) imports from one platform's folder into another's: ${crossing.length}`);
  for (const { from, to } of crossing) lines.push(`  ${from} -> ${to}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function describe(m: Mention): string {
  return `${m.kind} ${m.platform}: ${m.text}`;
}

if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) main();
