import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyContentChanges, type ContentChange, type PositionEncoding } from './positions.ts';

/** A document open in the editor, and the workspace whose model holds its text. */
export interface OpenDocument<W> {
  readonly uri: string;
  text: string;
  version: number;
  owner: W;
}

/**
 * The documents open in the editor, by file-system path, with the version of each whose text the
 * model holds (the one its diagnostics are for: a change not yet analysed does not count).
 */
export class DocumentStore<W> {
  private readonly open = new Map<string, OpenDocument<W>>();
  private readonly modelVersions = new Map<string, number>();

  get(absPath: string): OpenDocument<W> | undefined {
    return this.open.get(absPath);
  }

  has(absPath: string): boolean {
    return this.open.has(absPath);
  }

  /** Every open document, by path. */
  entries(): IterableIterator<[string, OpenDocument<W>]> {
    return this.open.entries();
  }

  get size(): number {
    return this.open.size;
  }

  opened(absPath: string, document: OpenDocument<W>): void {
    this.open.set(absPath, document);
  }

  /** Applies a didChange to an open document's text; undefined when the document is not open. */
  changed(absPath: string, changes: readonly ContentChange[], version: number, encoding: PositionEncoding): OpenDocument<W> | undefined {
    const document = this.open.get(absPath);
    if (!document) return undefined;
    document.text = applyContentChanges(document.text, changes, encoding);
    document.version = version;
    return document;
  }

  /** Forgets a closed document; false when it was not open. */
  closed(absPath: string): boolean {
    return this.open.delete(absPath);
  }

  /** The URI a document was opened with (the client's spelling), else the path's `file:` URI. */
  uriOf(absPath: string): string {
    return this.open.get(absPath)?.uri ?? pathToFileURL(absPath).href;
  }

  /** The version whose text the model now holds (`undefined`: the disk's, no version). */
  setModelVersion(absPath: string, version: number | undefined): void {
    if (version === undefined) this.modelVersions.delete(absPath);
    else this.modelVersions.set(absPath, version);
  }

  modelVersion(absPath: string): number | undefined {
    return this.modelVersions.get(absPath);
  }
}

/** The file-system path of a `file:` URI; other schemes (untitled, git) are not on disk and not analysed. */
export function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
