// The measures scripts/platform-seams.ts prints and test/unit/scripts/platform-seams.test.ts
// enforces: which files outside harness/platforms/ name a platform, and the import cycles of harness/.
// Read with the TypeScript parser, not grep: a platform named in a comment does not count, the
// Docker CLI (`execFileSync('docker', ...)`) or Flink's `high-availability.type: kubernetes` are not
// our platforms.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { PLATFORM_NAMES } from '../harness/platforms/registry.ts';

export const SEAM_ROOT = resolve(import.meta.dirname, '..');

export interface Mention {
  line: number;
  platform: string;
  /** import: the platform's own code; literal: its name as a value; flag: `--platform NAME` or a path segment; property: a key named after it. */
  kind: 'import' | 'literal' | 'flag' | 'property';
  text: string;
}

/**
 * Mentions outside harness/platforms/ that stay, each with why: matched by file and the mention's
 * text. Keep this short; every entry is a seam a new platform may still have to touch.
 */
export const ALLOWED_MENTIONS: ReadonlyArray<{ file: string; text: string; why: string }> = [
  { file: 'harness/cli/validate.ts', text: "'docker'", why: "./run's word for the Docker engine it installs before a command (`frh validate` prints `docker images:...`), not the platform" },
  { file: 'vitest.config.ts', text: "'test/integration/kubernetes/*.test.ts'", why: 'the folder of integration tests that need a Kubernetes cluster (the local-cluster lane of ./run test), not a platform' },
  {
    file: 'vitest.config.ts', text: "'scenarios/operator/07-restarts-exhausted-restarted-by-operator.scenario.ts'",
    why: 'the known-bugs tier reruns the Operator scenario that found FLINK-35857: a fact of that bug, not of the house',
  },
  { file: 'vitest.config.ts', text: "'operator'", why: 'the known-bugs tier runs under the Operator (each of its scenarios names its operator version): a fact of those bugs, not of the house' },
];

export function isAllowed(file: string, mention: Mention): boolean {
  return ALLOWED_MENTIONS.some((allowed) => allowed.file === file && allowed.text === mention.text);
}

/** The files whose platform mentions count: the house outside harness/platforms/ (this measure's own files aside). */
export function filesInScope(root: string): string[] {
  const harness = tsFiles(join(root, 'harness')).filter((file) => !file.startsWith(join(root, 'harness', 'platforms') + sep));
  const scripts = tsFiles(join(root, 'scripts')).filter((file) => !/platform-seams(-lib)?\.ts$/.test(file));
  return [...harness, ...scripts, join(root, 'vitest.config.ts')];
}

/**
 * The shared files of harness/platforms/ (outside any one platform's folder) that name a platform:
 * what adding a platform still touches besides its folder. registry.ts is meant to; the rest not.
 */
export function sharedPlatformFileMentions(root: string, names: readonly string[] = PLATFORM_NAMES): Map<string, Mention[]> {
  const result = new Map<string, Mention[]>();
  const platforms = join(root, 'harness', 'platforms');
  const ownFolders = names.map((name) => join(platforms, name) + sep);
  for (const file of tsFiles(platforms).filter((f) => !ownFolders.some((folder) => f.startsWith(folder)))) {
    const found = mentionsIn(file, readFileSync(file, 'utf8'), names, root);
    if (found.length > 0) result.set(relative(root, file), found);
  }
  return result;
}

/** Every mention of a platform name per file (relative path), for files that have any. */
export function platformMentions(root: string, names: readonly string[] = PLATFORM_NAMES): Map<string, Mention[]> {
  const result = new Map<string, Mention[]>();
  for (const file of filesInScope(root)) {
    const found = mentionsIn(file, readFileSync(file, 'utf8'), names, root);
    if (found.length > 0) result.set(relative(root, file), found);
  }
  return result;
}

const PROGRAM_RUNNERS = /^(execFileSync|execFile|execSync|exec|spawn|spawnSync|runCommand|run)$/;
// Flink's own vocabulary: its HA type `kubernetes`, its `kubernetes.*` option keys.
const FLINK_HA_CONTEXT = /high-?availability|haType|HA_TYPE|HIGH_AVAILABILITY|HaServices/i;

export function mentionsIn(file: string, text: string, names: readonly string[], root: string): Mention[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Mention[] = [];
  const platformOfPath = (specifier: string): string | undefined => {
    const target = relative(root, resolve(dirname(file), specifier)).split(sep);
    return target[0] === 'harness' && target[1] === 'platforms' && target.length > 3 ? names.find((n) => n === target[2]) : undefined;
  };
  const add = (node: ts.Node, platform: string, kind: Mention['kind']): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ line, platform, kind, text: node.getText(source).slice(0, 120) });
  };
  const visit = (node: ts.Node): void => {
    const specifier = moduleSpecifierOf(node);
    if (specifier !== undefined) {
      const platform = specifier.startsWith('.') ? platformOfPath(specifier) : undefined;
      if (platform) add(node, platform, 'import');
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const name = names.find((n) => n === node.text);
      if (name && !notAPlatform(node, names)) add(node, name, 'literal');
      else checkProse(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      checkProse(node, [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('${}'));
    } else if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isPropertySignature(node)) {
      const key = node.name;
      const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? names.find((n) => n === key.text) : undefined;
      if (name) add(key, name, 'property');
    }
    ts.forEachChild(node, visit);
  };
  const checkProse = (node: ts.Node, value: string): void => {
    for (const name of names) {
      const flag = new RegExp(`(--platform[ =]|FRH_PLATFORM=|platform )${name}\\b`).test(value);
      const pathSegment = value.includes('/') && !/\s/.test(value) && value.split('/').includes(name);
      if (flag || pathSegment) add(node, name, 'flag');
    }
  };
  visit(source);
  return found;
}

/** A literal that happens to spell a platform: a program's name, or Flink's vocabulary in a list or a comparison of its own. */
function notAPlatform(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, names: readonly string[]): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
    const callee = ts.isPropertyAccessExpression(parent.expression) ? parent.expression.name.text : ts.isIdentifier(parent.expression) ? parent.expression.text : '';
    if (PROGRAM_RUNNERS.test(callee)) return true;
  }
  // A list of platforms holds only platform names; one that also holds 'zookeeper' or 'metrics' is another vocabulary.
  const siblings = ts.isArrayLiteralExpression(parent) ? parent.elements : ts.isCallExpression(parent) ? parent.arguments : undefined;
  if (siblings?.some((e) => (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && !names.includes(e.text))) return true;
  for (let at: ts.Node | undefined = parent; at && !ts.isSourceFile(at); at = at.parent) {
    if (ts.isFunctionDeclaration(at) && at.name && FLINK_HA_CONTEXT.test(at.name.text)) return true;
    if (ts.isStatement(at) || ts.isPropertyAssignment(at) || ts.isVariableDeclaration(at)) {
      return FLINK_HA_CONTEXT.test(at.getText());
    }
  }
  return false;
}

/** The module an import, export, `import()` or `typeof import()` names; undefined for any other node. */
function moduleSpecifierOf(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) return node.arguments[0].text;
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) return node.argument.literal.text;
  return undefined;
}

/** Whether an import brings in values (a runtime edge) or only types (erased). */
function isTypeOnly(node: ts.Node): boolean {
  if (ts.isImportTypeNode(node)) return true;
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    if (clause.name) return false;
    const bindings = clause.namedBindings;
    return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
  }
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  return false;
}

export interface Cycles {
  /** Folders importing each other directly (a <-> b), and every strongly connected set of folders. */
  folders: { pairs: Array<[string, string]>; components: string[][] };
  files: { components: string[][] };
}

/**
 * Every relative import among harness/ files: importer, imported, whether it brings types only, and
 * whether it is a lazy `import()` (loaded when called, so never part of a module-loading cycle).
 */
export function importEdges(root: string): Array<{ from: string; to: string; typeOnly: boolean; lazy: boolean }> {
  const edges: Array<{ from: string; to: string; typeOnly: boolean; lazy: boolean }> = [];
  for (const file of tsFiles(join(root, 'harness'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      const specifier = moduleSpecifierOf(node);
      if (specifier?.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        const lazy = ts.isCallExpression(node);
        if (target.startsWith(join(root, 'harness') + sep)) edges.push({ from: relative(root, file), to: relative(root, target), typeOnly: isTypeOnly(node), lazy });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return edges;
}

/**
 * Imports from one platform's folder into another's (`harness/platforms/<a>/` → `harness/platforms/<b>/`):
 * a platform knows the others only through the registry; what several share lives outside their
 * folders (e.g. harness/platforms/on-cluster/ for those running on a Kubernetes cluster).
 */
export function crossPlatformImports(root: string, names: readonly string[] = PLATFORM_NAMES): Array<{ from: string; to: string }> {
  const platformOf = (file: string): string | undefined => {
    const [harness, platforms, folder] = file.split(sep);
    return harness === 'harness' && platforms === 'platforms' && folder !== undefined && names.includes(folder) ? folder : undefined;
  };
  return importEdges(root)
    .filter((edge) => { const a = platformOf(edge.from); const b = platformOf(edge.to); return a !== undefined && b !== undefined && a !== b; })
    .map(({ from, to }) => ({ from, to }));
}

/** Import cycles among harness/ files and folders: of every import (`all`), and of those loaded with the module (`runtime`: no type-only, no lazy import()). */
export function importCycles(root: string): { all: Cycles; runtime: Cycles } {
  const edges = importEdges(root);
  const cyclesOf = (chosen: typeof edges): Cycles => {
    const fileGraph = graphOf(chosen.map((e) => [e.from, e.to] as const));
    const folderGraph = graphOf(chosen.map((e) => [dirname(e.from), dirname(e.to)] as const).filter(([a, b]) => a !== b));
    const pairs: Array<[string, string]> = [];
    for (const [a, targets] of folderGraph) for (const b of targets) if (a < b && folderGraph.get(b)?.has(a)) pairs.push([a, b]);
    return { folders: { pairs: pairs.sort(), components: components(folderGraph) }, files: { components: components(fileGraph) } };
  };
  return { all: cyclesOf(edges), runtime: cyclesOf(edges.filter((e) => !e.typeOnly && !e.lazy)) };
}

function graphOf(edges: ReadonlyArray<readonly [string, string]>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  return graph;
}

/** Strongly connected components of more than one node (Tarjan), each sorted, largest first. */
function components(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) connect(node);
  return found.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder).sort().flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return entry.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The shortest chain of imports from folder (or file) `from` to `to`, each step `file -> file`;
 * empty when none. By folders: each step may leave from any file of the folder the last one reached
 * (how folders depend on each other), else only from the file reached (how files do).
 */
export function importPath(root: string, from: string, to: string, { runtimeOnly = false, byFolder = true } = {}): string[] {
  const edges = importEdges(root).filter((e) => !runtimeOnly || !e.typeOnly);
  const inside = (file: string, place: string): boolean => file === place || dirname(file) === place;
  const nodeOf = (file: string): string => (byFolder ? dirname(file) : file);
  const queue: Array<{ node: string; path: string[] }> = [{ node: from, path: [] }];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const { node, path } = queue.shift()!;
    for (const edge of edges.filter((e) => (byFolder || path.length === 0 ? inside(e.from, node) : e.from === node))) {
      const next = [...path, `${edge.from} -> ${edge.to}${edge.typeOnly ? ' (types)' : ''}`];
      if (inside(edge.to, to)) return next;
      const reached = nodeOf(edge.to);
      if (!seen.has(reached)) {
        seen.add(reached);
        queue.push({ node: reached, path: next });
      }
    }
  }
  return [];
}
