// The HTML report as a person sees it: Debian's chromium (apt-get install -y chromium) opens the
// report of a real run headless, from disk, with networking disabled (its own empty network
// namespace where `unshare -n` works, else a proxy that goes nowhere), and the test reads what it
// rendered: the DOM (--dump-dom) and a screenshot (--screenshot, kept in the report folder).
//
// The run: FRH_HTML_REPORT_RUN=reports/<run> (copied, never written to), else the real result in
// test/unit/report/fixtures (the Operator zoo case that ends in NO_RESTORE). The copy, its HTML
// and the screenshots stay in reports/html-report-check/<run>/ to look at.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import { scenarioBaseName } from '../../../harness/report/html.ts';
import { shortfallOf } from '../../../harness/judge/verdict.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/unit/report/fixtures/op-zoo-stateless-upgrade-operator-flink-1.20.0.json');

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}
const CHROMIUM = findChromium();
const ISOLATED = spawnSync('unshare', ['-n', 'true']).status === 0;

/** Runs chromium on a file with no network: its own network namespace, or a dead proxy. */
function chromium(args: string[]): string {
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars',
    '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>', '--user-data-dir=' + join(COPY_ROOT, '.chromium-profile'),
    ...args,
  ];
  const [command, argv] = ISOLATED ? ['unshare', ['-n', CHROMIUM!, ...flags]] : [CHROMIUM!, flags];
  return execFileSync(command, argv, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

const COPY_ROOT = join(ROOT, 'reports', 'html-report-check');

/** A copy of the run to render, so a real run's folder is never written to. */
function prepareRun(): { runDir: string; results: ScenarioResult[] } {
  const source = process.env.FRH_HTML_REPORT_RUN;
  const runId = source ? basename(resolve(source)) : 'fixture-op-zoo';
  const runDir = join(COPY_ROOT, runId);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(join(runDir, 'scenarios'), { recursive: true });
  if (source) cpSync(join(resolve(source), 'scenarios'), join(runDir, 'scenarios'), { recursive: true, filter: (f) => !f.endsWith('.html') && !f.endsWith('.png') });
  else cpSync(FIXTURE, join(runDir, 'scenarios', basename(FIXTURE)));
  const results = readdirSync(join(runDir, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(runDir, 'scenarios', f), 'utf8')) as ScenarioResult);
  return { runDir, results };
}

/** Text as chromium serializes it in --dump-dom. */
const domText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');

/** Pixels of an 8-bit RGB(A), non-interlaced PNG (what chromium's --screenshot writes). */
function decodePng(file: string): { width: number; height: number; pixel: (x: number, y: number) => [number, number, number] } {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString()).toBe('PNG');
  let offset = 8;
  let width = 0, height = 0, colorType = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.subarray(offset + 4, offset + 8).toString();
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4); colorType = body[9]!;
      expect(body[8]).toBe(8);
      expect(body[12]).toBe(0);
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  expect(channels).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      let value = x;
      if (filter === 1) value = x + a;
      else if (filter === 2) value = x + b;
      else if (filter === 3) value = x + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        value = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      out[y * stride + i] = value & 0xff;
    }
  }
  return { width, height, pixel: (x, y) => [out[y * stride + x * channels]!, out[y * stride + x * channels + 1]!, out[y * stride + x * channels + 2]!] };
}

function countColor(png: ReturnType<typeof decodePng>, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) {
    const [pr, pg, pb] = png.pixel(x, y);
    if (Math.abs(pr - r!) + Math.abs(pg - g!) + Math.abs(pb - b!) <= 24) count++;
  }
  return count;
}

describe.skipIf(!CHROMIUM)('HTML report in chromium', () => {
  it('shows the failing scenario: its explanation, and the fault and restore on the timeline', () => {
    const { runDir, results } = prepareRun();
    execFileSync(process.execPath, [join(ROOT, 'harness/cli/main.ts'), 'report', runDir], { encoding: 'utf8' });
    // The scenario to look at: one that did not end as intended, else one that ended in a failing verdict.
    const failing = results.find((r) => shortfallOf(r) !== undefined) ?? results.find((r) => r.verdict !== 'PASS');
    expect(failing, 'the run has no failing scenario to look at').toBeDefined();
    const page = join(runDir, 'scenarios', `${scenarioBaseName(failing!)}.html`);

    const index = chromium(['--dump-dom', pathToFileURL(join(runDir, 'index.html')).href]);
    expect(index.match(/<tr class="(as-intended|shortfall)"/g)).toHaveLength(results.length);
    expect(index).toContain(`href="scenarios/${encodeURIComponent(scenarioBaseName(failing!))}.html"`);

    const dom = chromium(['--dump-dom', pathToFileURL(page).href]);
    expect(dom).toContain(domText(failing!.explanation));
    expect(dom).toMatch(/<g class="mark fault" data-at="\d+">/);
    expect(dom).toMatch(/<g class="mark restore" data-at="\d+">/);
    expect(dom).toContain(`fault: ${String((failing!.evidence.fault as { fault?: string } | undefined)?.fault ?? '')}`);
    expect(dom).toMatch(/>restore: [^<]+<\/text>/);

    // What a person sees: the dashed red fault line and the green restore line are drawn.
    const screenshot = join(runDir, `${scenarioBaseName(failing!)}.png`);
    rmSync(screenshot, { force: true });
    chromium([`--screenshot=${screenshot}`, '--window-size=1200,1400', pathToFileURL(page).href]);
    expect(existsSync(screenshot)).toBe(true);
    const png = decodePng(screenshot);
    expect(png.width).toBe(1200);
    expect(countColor(png, '#c0392b')).toBeGreaterThan(100); // fault line (and failed checks)
    expect(countColor(png, '#1e8449')).toBeGreaterThan(100); // restore line
    chromium([`--screenshot=${join(runDir, 'index.png')}`, '--window-size=1200,900', pathToFileURL(join(runDir, 'index.html')).href]);
    process.stdout.write(`screenshots: ${screenshot} and ${join(runDir, 'index.png')} (networking ${ISOLATED ? 'removed with unshare -n' : 'sent to a dead proxy'})\n`);
  });
});

describe.runIf(!CHROMIUM)('HTML report in chromium (skipped)', () => {
  it.skip('needs chromium: install it with apt-get install -y chromium (Debian)', () => {});
});
