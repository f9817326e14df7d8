// The HTML report of a run: reports/<run>/index.html (one row per scenario) and one page per
// scenario (scenarios/<id>-<platform>-flink-<v>.html, beside its JSON) with its timeline drawn as
// inline SVG. Opens from disk: no script, no server, no network, no external asset. Deterministic:
// the same results give the same bytes (times are shown in UTC, nothing depends on "now").
// Everything taken from results is escaped (logs, explanations and ids can contain `<`).
import { describeRestorePoint } from '../oracle/snapshot.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import type { CheckResult } from '../checks/check.ts';
import type { RunResults, ScenarioResult } from './results.ts';
import { countVerdicts, shortfallOf } from '../judge/verdict.ts';
import type { History } from './history.ts';
import { historyCell, historyLegend } from './history.ts';
import { hasKnownBugResults, knownBugCells, knownBugRows, knownBugsSummary, KNOWN_BUG_HEADERS } from './known-bugs.ts';
import { flakeRows, hasRepetitions } from './flakes.ts';

/** Text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
const e = escapeHtml;

/** The file name (without extension) a scenario's JSON, page and bundle share; each run of a repeated scenario has its own. */
export function scenarioBaseName(r: Pick<ScenarioResult, 'id' | 'platform' | 'flinkVersion' | 'repetition'>): string {
  return `${r.id}-${r.platform}-flink-${r.flinkVersion}${r.repetition ? `-run-${r.repetition}` : ''}`;
}

/** Where a scenario's page sits, relative to the run folder. */
export function scenarioPagePath(r: Pick<ScenarioResult, 'id' | 'platform' | 'flinkVersion' | 'repetition'>): string {
  return `scenarios/${encodeURIComponent(scenarioBaseName(r))}.html`;
}

/** Most of a log a page keeps (its end: where a failure shows). */
const LOG_TAIL_CHARS = 40_000;

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top;overflow-wrap:break-word}
td.wrap{overflow-wrap:anywhere;min-width:12em}
th{background:#f2f2f2}tr.shortfall td{background:#fff0f0}tr.as-intended td.verdict{color:#176117}
.verdict{font-weight:bold;white-space:nowrap}.badge{display:inline-block;padding:0 .4em;border-radius:3px;font-size:.9em}
.ok{background:#d9f2d9;color:#145214}.not{background:#f9d6d6;color:#7a1010}
.status-pass{color:#176117}.status-fail{color:#a31515;font-weight:bold}.status-unknown{color:#8a5a00;font-weight:bold}
.explanation{background:#f7f7f7;border-left:4px solid #888;padding:.5em .8em;white-space:pre-wrap}
.shortfall .explanation,.explanation.not{border-left-color:#c33}
pre{background:#f7f7f7;padding:.5em;overflow:auto;max-height:30em;font-size:12px}
.history td{text-align:center;font-family:monospace}.history td.name{text-align:left;font-family:inherit}
svg text{font:11px system-ui,sans-serif}.muted{color:#666}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function utc(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '?';
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

const point = (p: RestorePoint | null | undefined): string => (p ? describeRestorePoint(p) : '?');

function verdictBadge(r: ScenarioResult): string {
  const intended = shortfallOf(r) === undefined;
  return `<span class="badge ${intended ? 'ok' : 'not'}">${e(r.verdict)}</span>`;
}

// ---------------------------------------------------------------------------------------------
// The index

export function renderIndex(run: RunResults, history?: History): string {
  const counts = countVerdicts(run.results).map(([v, n]) => `${e(v)} ${n}`).join(', ') || 'none';
  const misses = run.results.filter((r) => shortfallOf(r) !== undefined).length;
  const rows = run.results.map((r) => {
    const intended = shortfallOf(r) === undefined;
    return `<tr class="${intended ? 'as-intended' : 'shortfall'}" data-scenario="${e(scenarioBaseName(r))}">`
      + `<td class="verdict">${verdictBadge(r)}</td><td>${e(r.expectedVerdict)}</td>`
      + `<td><a href="${e(scenarioPagePath(r))}">${e(r.title || r.id)}</a><br><span class="muted">${e(r.id)}${r.repetition ? ` · run ${r.repetition}` : ''}</span></td>`
      + `<td>${e(r.platform)}</td><td>${e(r.flinkVersion)}</td>`
      + `<td>${e(duration(r.timings.finishedAt - r.timings.startedAt))}</td>`
      + `<td class="wrap">${e(point(r.expected))} → ${e(point(r.observed))}</td></tr>`;
  });
  const body = `<h1>Run ${e(run.runId)}</h1>
<p>Started ${e(utc(run.startedAt))}. ${run.results.length} scenario(s): ${counts}. <strong>${misses === 0 ? 'Every scenario ended as intended.' : `${misses} scenario(s) did not end as intended.`}</strong></p>
<p>Also: <a href="results.json">results.json</a>, <a href="junit.xml">junit.xml</a>.</p>
<table class="scenarios">
<thead><tr><th>verdict</th><th>intended</th><th>scenario</th><th>platform</th><th>Flink</th><th>duration</th><th>expected → observed</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${hasKnownBugResults(run.results) ? renderKnownBugs(run.results) : ''}
${hasRepetitions(run.results) ? renderFlakeTable(run.results) : ''}
${history && history.runs.length > 0 ? renderHistory(history) : ''}`;
  return page(`frh run ${run.runId}`, body);
}

/** Publicly reported bugs this run provoked (./run known-bugs): the table the console prints. */
function renderKnownBugs(results: readonly ScenarioResult[]): string {
  const rows = knownBugRows(results);
  const body = knownBugCells(rows).map((cells, i) => `<tr class="${rows[i]!.status === 'reproduced' ? 'as-intended' : 'shortfall'}">${cells.map((c) => `<td class="wrap">${e(c)}</td>`).join('')}</tr>`);
  return `<h2 id="known-bugs">Known bugs</h2>
<p>${e(knownBugsSummary(rows))}</p>
<table class="known-bugs">
<thead><tr>${KNOWN_BUG_HEADERS.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`;
}

/** Under --repeat: per scenario, how many of its runs ended as intended and the verdicts seen. */
function renderFlakeTable(results: readonly ScenarioResult[]): string {
  const rows = flakeRows(results).map((row) => {
    const steady = row.asIntended === row.runs;
    return `<tr><td class="name">${e(row.scenario)}</td><td>${row.runs}</td><td class="${steady ? 'status-pass' : 'status-fail'}">${row.asIntended}/${row.runs}${steady ? '' : row.asIntended === 0 ? ' never' : ' flaky'}</td><td>${e(row.seen.map(([v, n]) => `${v}×${n}`).join(' '))}</td></tr>`;
  });
  return `<h2 id="flakes">Flake table: each scenario's runs in this run</h2>
<table class="flakes">
<thead><tr><th>scenario</th><th>runs</th><th>ended as intended</th><th>verdicts seen</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function renderHistory(history: History): string {
  const head = history.runs.map((r, i) => `<th title="${e(r.runId)}">${i + 1}</th>`).join('');
  const rows = history.scenarios.map((s) => {
    const cells = s.verdicts.map((v, i) => {
      const cell = historyCell(v);
      const title = v ? `${history.runs[i]!.runId}: ${v.verdict}${v.verdict === v.expectedVerdict ? '' : ` (intended ${v.expectedVerdict})`}` : `${history.runs[i]!.runId}: not run`;
      return `<td class="${v ? (cell === '.' ? 'status-pass' : 'status-fail') : 'muted'}" title="${e(title)}">${e(cell)}</td>`;
    }).join('');
    return `<tr><td class="name">${e(s.key)}</td>${cells}<td>${s.asIntended}/${s.runs}</td><td>${e(s.seen.map(([v, n]) => `${v}×${n}`).join(' '))}</td></tr>`;
  });
  const runs = history.runs.map((r, i) => `<li>${i + 1}: ${e(r.runId)} (${e(utc(r.startedAt))})</li>`).join('');
  return `<h2 id="history">History: the last ${history.runs.length} run(s), oldest first</h2>
<p class="muted">${e(historyLegend())}</p>
<table class="history">
<thead><tr><th>scenario</th>${head}<th>as intended</th><th>verdicts seen</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<details><summary>Runs</summary><ol style="list-style:none">${runs}</ol></details>`;
}

// ---------------------------------------------------------------------------------------------
// A scenario's page

interface SnapshotMark {
  kind: string;
  id: number;
  path?: string;
  completedAt?: number;
  seenBy?: string[];
  problem?: string;
}

export interface TimelineEvent {
  /** Which lane or line: checkpoint/savepoint marks, the fault, the restore. */
  what: 'snapshot' | 'failed-snapshot' | 'fault' | 'fault-effective' | 'fault-healed' | 'restore';
  lane: string;
  at?: number;
  label: string;
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {});
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const snapshots = (value: unknown): SnapshotMark[] => (Array.isArray(value) ? value.filter((s) => record(s).kind !== undefined && num(record(s).id) !== undefined) as SnapshotMark[] : []);

/** The notes the oracle gave (the "Likely cause" of the explanation), the warnings, how the job resumed. */
export function configNotes(r: ScenarioResult): string[] {
  const notes: string[] = [];
  const cause = /Likely cause: (.*?)\.?(?: Warning: |$)/s.exec(r.explanation)?.[1];
  // The oracle joins its notes with '; ' (judge.ts).
  if (cause) notes.push(...cause.split('; ').filter((n) => n.trim().length > 0));
  for (const warning of Array.isArray(r.evidence.warnings) ? r.evidence.warnings : []) notes.push(`warning: ${String(warning)}`);
  if (typeof r.evidence.resumedBy === 'string') notes.push(`resumed by: ${r.evidence.resumedBy}`);
  return notes;
}

/** What the timeline draws, in order of time (marks without a time last): also listed as a table. */
export function timelineEvents(r: ScenarioResult): TimelineEvent[] {
  const timeline = record(r.evidence.timeline);
  const fault = record(r.evidence.fault);
  const events: TimelineEvent[] = [];
  const lanes: Array<[string, unknown]> = [['seen while running', timeline.beforeFault], ['triggered', timeline.triggered], ['in storage at the fault', timeline.storedAtFault]];
  for (const [lane, list] of lanes) {
    for (const s of snapshots(list)) {
      const by = s.seenBy && s.seenBy.length > 0 ? ` (seen by ${s.seenBy.join(', ')})` : '';
      events.push({
        what: s.problem ? 'failed-snapshot' : 'snapshot',
        lane,
        ...(num(s.completedAt) !== undefined ? { at: s.completedAt } : {}),
        label: `${s.kind} ${s.id}${s.problem ? ` unusable: ${s.problem}` : ' completed'}${by}${s.path ? ` ${s.path}` : ''}`,
      });
    }
  }
  const failed = record(r.evidence.steps).failedCheckpoints;
  if (Array.isArray(failed)) for (const id of failed) events.push({ what: 'failed-snapshot', lane: 'failed', label: `checkpoint ${String(id)} failed` });
  const faultKind = typeof fault.fault === 'string' ? fault.fault : 'fault';
  const faultAt = num(fault.at) ?? r.timings.faultAt;
  if (faultAt !== undefined) events.push({ what: 'fault', lane: 'fault', at: faultAt, label: `fault injected: ${faultKind}${Object.keys(record(fault.detail)).length > 0 ? ` ${JSON.stringify(fault.detail)}` : ''}` });
  const effectiveAt = num(fault.effectiveAt);
  if (effectiveAt !== undefined) events.push({ what: 'fault-effective', lane: 'fault', at: effectiveAt, label: `fault took effect (${faultKind})` });
  const healedAt = num(fault.healedAt);
  if (healedAt !== undefined) events.push({ what: 'fault-healed', lane: 'fault', at: healedAt, label: 'fault healed' });
  const restore = restoreEvent(r);
  if (restore) events.push(restore);
  return events.sort((a, b) => (a.at ?? Number.POSITIVE_INFINITY) - (b.at ?? Number.POSITIVE_INFINITY));
}

/** When the job came back and from what; without a recorded time, at the end of the restore phase. */
function restoreEvent(r: ScenarioResult): TimelineEvent | undefined {
  if (r.timings.faultAt === undefined && r.observed === null) return undefined;
  const what = r.observed ? (r.observed.kind === 'none' ? 'nothing (empty state)' : describeRestorePoint(r.observed)) : 'unknown (the run ended before the restore was observed)';
  if (r.timings.restoredAt !== undefined) return { what: 'restore', lane: 'restore', at: r.timings.restoredAt, label: `restored ${what}` };
  const end = phaseEnd(r, 'restore');
  if (end !== undefined) return { what: 'restore', lane: 'restore', at: end, label: `restored ${what} (no restore time recorded: end of the restore phase)` };
  // The run ended waiting for the restore (a timeout, a platform that failed): marked where it ended.
  return { what: 'restore', lane: 'restore', at: r.timings.finishedAt, label: `no restore seen: the run ended (${r.verdict}) before the job came back` };
}

/** Phases as [name, start, end], in the order they ran. */
function phaseSpans(r: ScenarioResult): Array<[string, number, number]> {
  let at = r.timings.startedAt;
  return Object.entries(r.timings.phases ?? {}).map(([name, ms]) => {
    const span: [string, number, number] = [name, at, at + ms];
    at += ms;
    return span;
  });
}

function phaseEnd(r: ScenarioResult, name: string): number | undefined {
  return phaseSpans(r).find(([n]) => n === name)?.[2];
}

const COLORS = { checkpoint: '#2f6fb0', savepoint: '#7a3fb0', failed: '#c0392b', fault: '#c0392b', effective: '#e67e22', healed: '#16a085', restore: '#1e8449' };

export function renderTimelineSvg(r: ScenarioResult): string {
  const events = timelineEvents(r);
  const phases = phaseSpans(r);
  const times = [r.timings.startedAt, r.timings.finishedAt, ...events.map((ev) => ev.at).filter((t): t is number => t !== undefined)];
  const start = Math.min(...times);
  const end = Math.max(...times, start + 1);
  const width = 1000;
  const left = 150;
  const right = 20;
  const x = (t: number): number => Math.round((left + ((t - start) / (end - start)) * (width - left - right)) * 10) / 10;
  const laneNames = ['phases', 'seen while running', 'triggered', 'in storage at the fault', 'witness checks'];
  const laneY = (i: number): number => 30 + i * 34;
  const bottom = laneY(laneNames.length) + 40;
  const parts: string[] = [];
  laneNames.forEach((name, i) => {
    parts.push(`<text x="4" y="${laneY(i) + 4}">${e(name)}</text><line x1="${left}" x2="${width - right}" y1="${laneY(i)}" y2="${laneY(i)}" stroke="#ddd"/>`);
  });
  phases.forEach(([name, from, to], i) => {
    const w = Math.max(1, x(to) - x(from));
    parts.push(`<g class="phase"><title>${e(`${name}: ${duration(to - from)} (${utc(from)} – ${utc(to)})`)}</title><rect x="${x(from)}" y="${laneY(0) - 9}" width="${w}" height="18" fill="${i % 2 ? '#e8eef5' : '#d5e1ee'}"/>`
      + (w > 40 ? `<text x="${x(from) + 3}" y="${laneY(0) + 4}">${e(name)}</text>` : '') + '</g>');
  });
  for (const ev of events) {
    if (ev.at === undefined) continue;
    if (ev.what === 'snapshot' || ev.what === 'failed-snapshot') {
      const lane = laneNames.indexOf(ev.lane);
      if (lane < 0) continue;
      const y = laneY(lane);
      const savepoint = ev.label.startsWith('savepoint');
      const color = ev.what === 'failed-snapshot' ? COLORS.failed : savepoint ? COLORS.savepoint : COLORS.checkpoint;
      const id = /^\w+ (\d+)/.exec(ev.label)?.[1] ?? '';
      const shape = ev.what === 'failed-snapshot'
        ? `<path d="M${x(ev.at) - 5} ${y - 5} L${x(ev.at) + 5} ${y + 5} M${x(ev.at) + 5} ${y - 5} L${x(ev.at) - 5} ${y + 5}" stroke="${color}" stroke-width="2.5"/>`
        : savepoint
          ? `<rect x="${x(ev.at) - 5}" y="${y - 5}" width="10" height="10" transform="rotate(45 ${x(ev.at)} ${y})" fill="${color}"/>`
          : `<circle cx="${x(ev.at)}" cy="${y}" r="5" fill="${color}"/>`;
      const expected = r.expected && r.expected.kind !== 'none' && ev.label.startsWith(`${r.expected.kind} ${r.expected.id} `);
      const ring = expected ? `<circle cx="${x(ev.at)}" cy="${y}" r="9" fill="none" stroke="${COLORS.restore}" stroke-width="2"/>` : '';
      parts.push(`<g class="mark ${ev.what}${expected ? ' expected' : ''}" data-at="${ev.at}"><title>${e(`${utc(ev.at)}: ${ev.label}${expected ? ' (the expected restore point)' : ''}`)}</title>${ring}${shape}<text x="${x(ev.at) - 3}" y="${y - 10}">${e(id)}</text></g>`);
      continue;
    }
    const color = ev.what === 'fault' ? COLORS.fault : ev.what === 'fault-effective' ? COLORS.effective : ev.what === 'fault-healed' ? COLORS.healed : COLORS.restore;
    const dash = ev.what === 'fault' ? ' stroke-dasharray="5 3"' : '';
    const short = ev.what === 'fault' ? `fault: ${typeof record(r.evidence.fault).fault === 'string' ? String(record(r.evidence.fault).fault) : 'injected'}`
      : ev.what === 'fault-effective' ? 'took effect' : ev.what === 'fault-healed' ? 'healed'
        : `restore: ${r.observed ? (r.observed.kind === 'none' ? 'nothing (empty state)' : describeRestorePoint(r.observed)) : `none seen (${r.verdict})`}`;
    const row = ev.what === 'fault' ? 0 : ev.what === 'restore' ? 0 : 1;
    const anchor = x(ev.at) > width - 260 ? 'end' : 'start';
    const dx = anchor === 'end' ? -3 : 3;
    parts.push(`<g class="mark ${ev.what}" data-at="${ev.at}"><title>${e(`${utc(ev.at)}: ${ev.label}`)}</title>`
      + `<line x1="${x(ev.at)}" x2="${x(ev.at)}" y1="14" y2="${bottom - 30}" stroke="${color}" stroke-width="2"${dash}/>`
      + `<text x="${x(ev.at) + dx}" y="${bottom - 18 + row * 13}" fill="${color}" text-anchor="${anchor}">${e(short)}</text></g>`);
  }
  const checksLane = laneY(laneNames.indexOf('witness checks'));
  const checksAt = x(phaseSpans(r).find(([n]) => n === 'checks')?.[1] ?? r.timings.finishedAt);
  r.checks.forEach((c, i) => {
    const color = c.status === 'pass' ? COLORS.restore : c.status === 'fail' ? COLORS.failed : '#b7950b';
    const cx = Math.min(checksAt, width - right - 6 - (r.checks.length - 1) * 14) + i * 14;
    parts.push(`<g class="mark check check-${e(c.status)}"><title>${e(`${c.name}: ${c.status}${c.failsAs ? ` (${c.failsAs})` : ''}: ${c.detail}`)}</title><rect x="${cx - 5}" y="${checksLane - 5}" width="10" height="10" fill="${color}"/></g>`);
  });
  parts.push(`<text x="${left}" y="${bottom + 12}" class="axis">${e(utc(start))}</text><text x="${width - right}" y="${bottom + 12}" text-anchor="end" class="axis">${e(`+${duration(end - start)}`)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-label="timeline of ${e(r.id)}" viewBox="0 0 ${width} ${bottom + 18}" width="100%" style="max-width:${width}px">${parts.join('')}</svg>`;
}

function checksTable(checks: CheckResult[]): string {
  if (checks.length === 0) return '<p class="muted">No witness was checked (the run ended before the checks).</p>';
  const rows = checks.map((c) => `<tr class="check"><td>${e(c.name)}</td><td class="status-${e(c.status)}">${e(c.status)}${c.failsAs ? ` (${e(c.failsAs)})` : ''}</td>`
    + `<td class="wrap">${e(c.expected ?? '')}</td><td class="wrap">${e(c.observed ?? '')}</td><td class="wrap">${e(c.detail)}</td></tr>`);
  return `<table class="checks"><thead><tr><th>witness</th><th>result</th><th>expected</th><th>observed</th><th>detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function diagnostics(r: ScenarioResult): string {
  const logs = record(r.evidence.diagnostics);
  const entries = Object.entries(logs);
  if (entries.length === 0) return '';
  const blocks = entries.map(([name, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    const cut = text.length > LOG_TAIL_CHARS ? `… (${text.length - LOG_TAIL_CHARS} earlier characters left out; the JSON has all)\n${text.slice(-LOG_TAIL_CHARS)}` : text;
    return `<details class="log"><summary>${e(name)} (${text.length} characters)</summary><pre>${e(cut)}</pre></details>`;
  });
  return `<h2>Diagnostics (logs and events)</h2>${blocks.join('\n')}`;
}

/** Where the deployment `--keep` left up is and how to reach it (it stays until the sweep shown). */
function keptSection(r: ScenarioResult): string {
  if (!r.kept) return '';
  const rows = [...r.kept.access, { what: 'remove', how: r.kept.removeWith }]
    .map(({ what, how }) => `<tr><th>${e(what)}</th><td class="wrap"><code>${e(how)}</code></td></tr>`).join('');
  return `<h2 id="kept">Kept deployment</h2>
<p>Left up by <code>--keep</code>: ${e(r.kept.where)}.</p>
<table class="kept">${rows}</table>`;
}

export function renderScenarioPage(r: ScenarioResult, runId: string, options: { bundle?: boolean } = {}): string {
  const intended = shortfallOf(r) === undefined;
  const events = timelineEvents(r);
  const eventRows = events.map((ev) => `<tr class="event ${ev.what}"><td>${e(utc(ev.at))}</td><td>${e(ev.lane)}</td><td class="wrap">${e(ev.label)}</td></tr>`).join('');
  const notes = configNotes(r);
  const steps = Object.entries(record(r.evidence.steps));
  const phases = Object.entries(r.timings.phases ?? {}).map(([n, ms]) => `${e(n)} ${e(duration(ms))}`).join(', ');
  const body = `<p><a href="../index.html">← run ${e(runId)}</a> · <a href="${e(encodeURIComponent(scenarioBaseName(r)))}.json">result JSON</a>${options.bundle ? ` · <a href="../${e(encodeURIComponent(scenarioBaseName(r)))}/bundle.tar.gz">repro bundle</a> (result, logs, command, environment)` : ''}</p>
<h1>${e(r.title || r.id)}</h1>
<table>
<tr><th>verdict</th><td class="verdict">${verdictBadge(r)} ${intended ? 'as intended' : `<strong>not as intended</strong> (intended ${e(r.expectedVerdict)})`}</td></tr>
<tr><th>scenario</th><td>${e(r.id)} on ${e(r.platform)}, Flink ${e(r.flinkVersion)}</td></tr>
<tr><th>expected</th><td>${e(point(r.expected))}</td></tr>
<tr><th>observed</th><td>${e(point(r.observed))}</td></tr>
<tr><th>duration</th><td>${e(duration(r.timings.finishedAt - r.timings.startedAt))} (${e(utc(r.timings.startedAt))} – ${e(utc(r.timings.finishedAt))}); ${phases}</td></tr>
</table>
<h2>Explanation</h2>
<p class="explanation${intended ? '' : ' not'}">${e(r.explanation)}</p>
${(r.assertionFailures ?? []).length > 0 ? `<h2>Failed assertions</h2><ul>${r.assertionFailures!.map((a) => `<li>${e(a)}</li>`).join('')}</ul>` : ''}
${keptSection(r)}
<h2>Timeline</h2>
${renderTimelineSvg(r)}
<p class="muted">● checkpoint · ◆ savepoint · ✕ failed or unusable · ○ ring: the expected restore point · dashed red: fault injected · orange: fault took effect · green: restore · ■ witness checks (green pass, red fail, yellow unknown). Times are each witness's own clock (REST, storage, host); hover a mark for details.</p>
<table class="events"><thead><tr><th>time (UTC)</th><th>lane</th><th>event</th></tr></thead><tbody>${eventRows}</tbody></table>
<h2>Witness checks</h2>
${checksTable(r.checks)}
<h2>Config notes</h2>
${notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : '<p class="muted">None.</p>'}
${steps.length > 0 ? `<h2>Step notes</h2><ul>${steps.map(([k, v]) => `<li>${e(k)}: ${e(JSON.stringify(v))}</li>`).join('')}</ul>` : ''}
${diagnostics(r)}`;
  return page(`${r.verdict}: ${r.id} [${r.platform}, Flink ${r.flinkVersion}]`, body);
}
