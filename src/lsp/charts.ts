/**
 * The Helm charts a workspace's config declares (`helm.charts`), for the language server: rendered
 * from disk with helm on PATH (or the config's `helm.command`, a name), analysed as the CLI does (one
 * model per rendering, joined), and their findings shown in the templates. Rendered again once a file
 * of a chart changes on disk (a save) or the config changes; unsaved edits of a template show on save.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/types.ts';
import { helmRunOf } from '../app/helm-run.ts';
import type { Diagnostic } from '../lint/types.ts';
import { analyzeProjects } from '../projects.ts';
import { HelmInputError, HelmMissingError, helmProjects } from '../render/helm-projects.ts';
import { DEFAULT_MAX_FILE_SIZE } from '../source/load.ts';
import { isRenderedStream } from '../source/rendered.ts';

export class WorkspaceCharts {
  private rendered: { readonly config: Config; readonly diagnostics: readonly Diagnostic[] } | undefined;
  /** Why a chart was not rendered (no helm, no chart there), for the server to tell the user once. */
  problem: string | undefined;

  /** The charts' directories, absolute: the config's `helm.charts`, relative to the config file. */
  dirs(config: Config, root: string): string[] {
    const run = helmRunOf({}, config, root);
    return run ? run.targets.map((t) => resolve(t.base, t.chart)) : [];
  }

  /** Whether a file (absolute, or relative to the root) lies in a chart directory: linted through its chart, not as a plain file. */
  holds(config: Config, root: string, path: string): boolean {
    const absPath = resolve(root, path);
    return this.dirs(config, root).some((dir) => {
      const rel = relative(dir, absPath);
      return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
    });
  }

  /** Renders again on the next `diagnostics`. */
  invalidate(): void {
    this.rendered = undefined;
  }

  /** The findings of every chart, placed in its templates (or on its Chart.yaml when no template is known). */
  diagnostics(config: Config, root: string): readonly Diagnostic[] {
    if (this.rendered?.config === config) return this.rendered.diagnostics;
    const run = helmRunOf({}, config, root);
    const diagnostics: Diagnostic[] = [];
    this.problem = undefined;
    for (const target of run?.targets ?? []) {
      try {
        const projects = helmProjects(target, { cwd: root, command: run!.command, maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE });
        const chartYaml = join(resolve(target.base, target.chart), 'Chart.yaml');
        for (const d of analyzeProjects({ projects, config, variantNoun: 'values files' }).diagnostics) diagnostics.push(onDisk(d, chartYaml));
      } catch (error) {
        if (!(error instanceof HelmMissingError || error instanceof HelmInputError)) throw error;
        this.problem = error.message;
      }
    }
    this.rendered = { config, diagnostics };
    return diagnostics;
  }
}

/**
 * A finding placed in the rendered output (no template known: a packaged chart, a manifest without
 * marker) has no file to show it in: it goes on the first line of the chart's Chart.yaml, its message
 * naming the rendering.
 */
function onDisk(diagnostic: Diagnostic, chartYaml: string): Diagnostic {
  if (!isRenderedStream(diagnostic.file)) return diagnostic;
  let text: string;
  try {
    text = readFileSync(chartYaml, 'utf8');
  } catch {
    return diagnostic;
  }
  const firstLine = text.indexOf('\n');
  return { ...diagnostic, file: { path: chartYaml, absPath: chartYaml, text }, span: { start: 0, end: firstLine < 0 ? text.length : firstLine } };
}
