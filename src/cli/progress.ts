import { performance } from 'node:perf_hooks';
import type { RunObserver } from '../util/observer.ts';
import { compareStrings } from '../util/compare.ts';

/** A run shorter than this shows no progress: a line that flashes and vanishes helps nobody. */
const PROGRESS_AFTER_MS = 1000;
/** The progress line is redrawn at most this often. */
const REDRAW_MS = 100;
/** `--timing` lists this many rules, the slowest first, as ESLint's TIMING does by default. */
export const TIMING_TOP_RULES = 10;

/** What the progress line says a phase is doing; a rule is named by its id. */
const DOING: Readonly<Record<string, string>> = { read: 'reading files', 'read+parse': 'reading and parsing', parse: 'parsing', model: 'building the model', format: 'writing the report' };

export interface WatchOptions {
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Draw progress: standard error is a terminal. */
  readonly progress: boolean;
  /** Milliseconds before progress shows (default 1000). */
  readonly progressAfterMs?: number;
  /** Record the time of each phase for `--timing`. */
  readonly timing: boolean;
  /** The clock, in milliseconds (performance.now by default). */
  readonly now?: () => number;
}

/**
 * The CLI's observer of a lint run: a progress line on standard error (a terminal only, once the run
 * has taken a second: files read, objects, the rule running), and the time of each phase for
 * `--timing`. `finish()` erases the progress line before the report is written.
 */
export class RunWatch implements RunObserver {
  private readonly now: () => number;
  private readonly started: number;
  private readonly after: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private files = 0;
  private objects: number | undefined;
  private rules = 0;
  private rulesDone = 0;
  private current = '';
  /** Milliseconds per phase, in the order phases first ran. */
  readonly times = new Map<string, number>();

  constructor(private readonly options: WatchOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.after = options.progressAfterMs ?? PROGRESS_AFTER_MS;
  }

  begin(phase: string): () => void {
    const start = this.now();
    this.current = phase;
    this.draw();
    return () => {
      if (this.options.timing) this.times.set(phase, (this.times.get(phase) ?? 0) + this.now() - start);
      if (phase.startsWith('rule ')) this.rulesDone++;
      this.draw();
    };
  }

  counted(what: 'files' | 'objects' | 'rules', count: number): void {
    if (what === 'files') this.files = count;
    else if (what === 'objects') this.objects = count;
    else this.rules = count;
  }

  /** Erases the progress line, if one was drawn. */
  finish(): void {
    if (this.drawn) this.options.stderr('\r\u001b[2K');
    this.drawn = false;
  }

  private draw(): void {
    if (!this.options.progress) return;
    const now = this.now();
    if (now - this.started < this.after || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const parts = [`${this.files} file${this.files === 1 ? '' : 's'} read`];
    if (this.objects !== undefined) parts.push(`${this.objects} object${this.objects === 1 ? '' : 's'}`);
    if (this.rules > 0) parts.push(`rules ${this.rulesDone}/${this.rules}`);
    // Phase names are the tool's own (phase and rule ids), never text from the input.
    this.options.stderr(`\r\u001b[2Kkube-netlint: ${parts.join(', ')} (${DOING[this.current] ?? this.current})`);
    this.drawn = true;
  }
}

/**
 * The `--timing` report: each phase's time (rules summed), then the slowest rules with their share of
 * the rules' time, as ESLint's TIMING table. Pure: from the recorded times.
 */
export function timingReport(times: ReadonlyMap<string, number>, top = TIMING_TOP_RULES): string {
  const rules = [...times].filter(([phase]) => phase.startsWith('rule ')).map(([phase, ms]) => [phase.slice(5), ms] as const);
  const ruleTotal = rules.reduce((sum, [, ms]) => sum + ms, 0);
  const phases: [string, number][] = [];
  for (const [phase, ms] of times) {
    if (phase.startsWith('rule ')) {
      if (!phases.some(([name]) => name === 'rules')) phases.push(['rules', ruleTotal]);
    } else phases.push([phase, ms]);
  }
  const total = phases.reduce((sum, [, ms]) => sum + ms, 0);
  const ms = (value: number) => value.toFixed(1);
  const percent = (part: number, whole: number) => `${whole > 0 ? ((part * 100) / whole).toFixed(1) : '0.0'}%`;
  const table = (title: string, rows: readonly (readonly [string, number])[], whole: number) => {
    const width = Math.max(title.length, ...rows.map(([name]) => name.length));
    const timeWidth = Math.max('Time (ms)'.length, ...rows.map(([, value]) => ms(value).length));
    const lines = [`${title.padEnd(width)} | ${'Time (ms)'.padStart(timeWidth)} | Relative`, `:${'-'.repeat(width)}|${'-'.repeat(timeWidth + 1)}:|${'-'.repeat(8)}:`];
    for (const [name, value] of rows) lines.push(`${name.padEnd(width)} | ${ms(value).padStart(timeWidth)} | ${percent(value, whole).padStart(8)}`);
    return lines;
  };
  const slowest = [...rules].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  const out = [...table('Phase', [...phases, ['total', total]], total), ''];
  out.push(...table('Rule', slowest.slice(0, top), ruleTotal));
  if (slowest.length > top) {
    const rest = slowest.slice(top).reduce((sum, [, value]) => sum + value, 0);
    out.push(`(${slowest.length - top} more rule${slowest.length - top === 1 ? '' : 's'}: ${ms(rest)} ms)`);
  }
  return `${out.join('\n')}\n`;
}
