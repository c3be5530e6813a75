/**
 * The files of a chart directory, found from the names helm gives them: `CHART/templates/x.yaml` in a
 * `# Source:` marker or an error, subcharts as `CHART/charts/SUB/templates/x.yaml`, where SUB is the
 * subchart's name as helm knows it: its alias when the parent's Chart.yaml gives one
 * (`dependencies: [{name: redis, alias: cache}]`), else the `name` of its Chart.yaml, whatever its
 * folder under charts/ is called. Files are read only inside the chart directory (real paths, links
 * resolved), bounded in size: the names come from the chart, which a stranger's pull request may change.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { outsideOf, within, type Outside } from '../source/containment.ts';
import { isAbsolute, join, relative, sep } from 'node:path';
import { templatePathOf } from '../source/helm-output.ts';
import { decodeText, displayPath } from '../source/load.ts';
import { parseFile } from '../source/parse.ts';
import type { SourceFile } from '../source/types.ts';

/** How many folders of one charts/ directory are looked at: a chart has a handful. */
const MAX_SUBCHARTS = 200;

/** A chart directory's files, by the names helm gives them. */
export interface ChartFiles {
  /** The path inside the chart directory (`/`-separated) of the file helm names `source`; undefined when it cannot be known safely. */
  pathOf(source: string): string | undefined;
  /** The file helm names `source`, read; undefined when it is not a readable file inside the chart. */
  read(source: string): SourceFile | undefined;
}

/** The files of the chart directory `chartDir` (absolute); paths shown relative to `cwd`. */
export function chartFiles(cwd: string, chartDir: string, maxFileSize: number): ChartFiles {
  const chartReal = realOrUndefined(chartDir);
  const files = new Map<string, SourceFile | undefined>();
  const readPath = (inside: string): SourceFile | undefined => {
    if (!files.has(inside)) files.set(inside, chartReal === undefined ? undefined : readInside(cwd, chartDir, chartReal, inside, maxFileSize));
    return files.get(inside);
  };
  // Per chart folder (`charts/a/charts/b`, '' for the chart itself): its subcharts' folders by the name helm gives them.
  const subcharts = new Map<string, ReadonlyMap<string, string | undefined>>();
  const subchartsOf = (folder: string): ReadonlyMap<string, string | undefined> => {
    let found = subcharts.get(folder);
    if (!found) {
      found = namedSubcharts(folder, readPath, chartDir);
      subcharts.set(folder, found);
    }
    return found;
  };
  const pathOf = (source: string): string | undefined => {
    const inside = templatePathOf(source);
    if (inside === undefined) return undefined;
    const parts = inside.split('/');
    let folder = '';
    let at = 0;
    while (parts[at] === 'charts' && at + 2 < parts.length) {
      const sub = subchartsOf(folder).get(parts[at + 1]!);
      if (sub === undefined) return undefined;
      folder = `${folder === '' ? '' : `${folder}/`}charts/${sub}`;
      at += 2;
    }
    const rest = parts.slice(at).join('/');
    return folder === '' ? rest : `${folder}/${rest}`;
  };
  return {
    pathOf,
    read: (source) => {
      const inside = pathOf(source);
      return inside === undefined ? undefined : readPath(inside);
    },
  };
}

/**
 * The subchart folders of the chart in `folder`, by the name helm renders them under: each alias of
 * its dependencies, and each subchart's own name, mapped to the one folder under charts/ whose
 * Chart.yaml has that name (undefined when several have it: the place is not known).
 */
function namedSubcharts(folder: string, readPath: (inside: string) => SourceFile | undefined, chartDir: string): Map<string, string | undefined> {
  const prefix = folder === '' ? '' : `${folder}/`;
  const byName = new Map<string, string | undefined>();
  let entries: string[] = [];
  try {
    entries = readdirSync(join(chartDir, ...`${prefix}charts`.split('/'))).sort().slice(0, MAX_SUBCHARTS);
  } catch {
    entries = [];
  }
  for (const entry of entries) {
    const name = stringField(readPath(`${prefix}charts/${entry}/Chart.yaml`), 'name');
    if (name === undefined) continue;
    byName.set(name, byName.has(name) ? undefined : entry);
  }
  const named = new Map(byName);
  const dependencies = chartYamlValue(readPath(`${prefix}Chart.yaml`))?.dependencies;
  if (Array.isArray(dependencies)) {
    for (const dependency of dependencies) {
      if (dependency === null || typeof dependency !== 'object') continue;
      const { name, alias } = dependency as Record<string, unknown>;
      if (typeof name !== 'string' || typeof alias !== 'string' || alias === '') continue;
      // An alias that is also another subchart's name leaves the place unknown.
      named.set(alias, named.has(alias) && named.get(alias) !== byName.get(name) ? undefined : byName.get(name));
    }
  }
  return named;
}

function chartYamlValue(file: SourceFile | undefined): Record<string, unknown> | undefined {
  if (!file) return undefined;
  try {
    const value = parseFile(file)[0]?.value;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(file: SourceFile | undefined, field: string): string | undefined {
  const value = chartYamlValue(file)?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A file of the chart, read when its real path is inside the chart's real directory; undefined otherwise. */
function readInside(cwd: string, chart: string, chartReal: string, inside: string, maxFileSize: number): SourceFile | undefined {
  const absPath = join(chart, ...inside.split('/'));
  const real = realOrUndefined(absPath);
  if (!real) return undefined;
  const rel = relative(chartReal, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  try {
    const stats = statSync(real);
    if (!stats.isFile() || stats.size > maxFileSize) return undefined;
    const text = decodeText(readFileSync(real));
    return typeof text === 'string' ? { path: displayPath(cwd, absPath), absPath, text } : undefined;
  } catch {
    return undefined;
  }
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** A symbolic link of a chart directory helm must not follow: out of the repository, or back to a directory above it. */
export interface ChartLinkProblem {
  /** The link, absolute. */
  readonly absPath: string;
  /** Its target as written (`readlink`). */
  readonly target: string;
  readonly problem: Outside | 'loop';
}

/** How many entries the walk of a chart looks at: a chart has a few hundred; a hostile tree is refused beyond. */
const MAX_CHART_ENTRIES = 50_000;

/**
 * The symbolic links of a chart directory that `helm template` would follow out of `repository` (a
 * real path) or round a loop. helm loads every file of a chart directory, links followed, so a
 * template, values.yaml or subchart that is a link to `$HOME/.ssh` would be rendered, and its text could
 * reach the report; such a chart is not rendered at all. Links inside are followed (a directory once),
 * as helm follows them; `tooMany` is set when the walk stopped at its bound.
 */
export function chartLinks(chartDir: string, repository: string): { problems: ChartLinkProblem[]; tooMany: boolean } {
  const problems: ChartLinkProblem[] = [];
  const visited = new Set<string>();
  let entries = 0;
  const walk = (dir: string, real: string, ancestors: readonly string[]): void => {
    if (visited.has(real)) return;
    visited.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (++entries > MAX_CHART_ENTRIES) return;
      const child = join(dir, name);
      let stats;
      try {
        stats = lstatSync(child);
      } catch {
        continue;
      }
      let childReal = join(real, name);
      if (stats.isSymbolicLink()) {
        const target = readlinkOrEmpty(child);
        const how = outsideOf(repository, child);
        if (how) {
          problems.push({ absPath: child, target, problem: how });
          continue;
        }
        const resolved = realOrUndefined(child);
        // Dangling: helm says so itself, and nothing is read through it.
        if (resolved === undefined) continue;
        if ([...ancestors, real].some((dirReal) => within(resolved, dirReal))) {
          problems.push({ absPath: child, target, problem: 'loop' });
          continue;
        }
        childReal = resolved;
        stats = statSyncOrUndefined(child);
        if (!stats) continue;
      }
      if (stats.isDirectory()) walk(child, childReal, [...ancestors, real]);
    }
  };
  const real = realOrUndefined(chartDir);
  if (real !== undefined) walk(chartDir, real, []);
  return { problems, tooMany: entries > MAX_CHART_ENTRIES };
}

function readlinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

function statSyncOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
