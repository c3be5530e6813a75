import { basename } from 'node:path';
import { CONFIG_FILE_NAMES } from '../source/config-files.ts';
import type { EditorSettings } from './settings.ts';
import { Workspace } from './workspace.ts';

/**
 * The workspaces of the server: one per workspace folder, and one (`loose`) for open documents
 * outside every folder. Which of them a path, an event or a request concerns.
 */
export class Folders {
  roots: Workspace[] = [];
  readonly loose = new Workspace(undefined);

  constructor(private readonly create: (root: string) => Workspace = (root) => new Workspace(root)) {}

  /** A workspace for a new folder, with the editor's settings. */
  add(root: string, settings: EditorSettings): Workspace {
    const workspace = this.create(root);
    void workspace.setSettings(settings, false);
    this.roots.push(workspace);
    return workspace;
  }

  /** Drops the folders at these paths; returns their workspaces (and with them their programs). */
  remove(roots: ReadonlySet<string | undefined>): Workspace[] {
    const removed = this.roots.filter((w) => roots.has(w.root));
    this.roots = this.roots.filter((w) => !roots.has(w.root));
    return removed;
  }

  /** The innermost folder holding the path, else `loose`. */
  workspaceOf(absPath: string): Workspace {
    return this.roots.filter((w) => w.contains(absPath)).sort((a, b) => b.root!.length - a.root!.length)[0] ?? this.loose;
  }

  /** Documents and events about config files concern every folder whose config they may be. */
  ownersOf(absPath: string): Workspace[] {
    if (!CONFIG_FILE_NAMES.includes(basename(absPath))) return [this.workspaceOf(absPath)];
    const owners = this.roots.filter((w) => w.isConfigFile(absPath));
    return owners.length > 0 ? owners : [this.workspaceOf(absPath)];
  }

  /** The workspace folder at or holding `absPath` (a folder or a file), else the first folder. */
  workspaceFor(absPath: string | undefined): Workspace {
    const found = absPath ? (this.roots.find((w) => w.root === absPath) ?? this.workspaceOf(absPath)) : undefined;
    return found && found !== this.loose ? found : (this.roots[0] ?? this.loose);
  }

  /** Every workspace: the folders, then `loose`. */
  all(): Workspace[] {
    return [...this.roots, this.loose];
  }
}
