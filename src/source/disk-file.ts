import { createHash } from 'node:crypto';
import type { SourceFile } from './types.ts';

/** Reads a file's text again as the loader decoded it; a reason when it cannot. */
export type ReadTextAgain = (absPath: string) => string | { readonly reason: string };

/** The text of a released file is no longer what was linted: its positions cannot be trusted. */
export class FileChangedError extends Error {}

/**
 * A regular file read from disk, whose text can be let go once it is parsed (`releaseText`) and is read
 * again when asked for. A run over 100,000 files needs the texts again only where findings land (their
 * ranges, lines and code frames) and kept every one, a quarter of its memory (issue 14). The text read
 * again must be the text that was parsed: its digest is kept, and a file that changed in between is a
 * `FileChangedError` (never positions computed in another text).
 */
class DiskFile implements SourceFile {
  #text: string | undefined;
  #digest: string | undefined;

  constructor(
    readonly path: string,
    readonly absPath: string,
    text: string,
    private readonly readAgain: ReadTextAgain,
  ) {
    this.#text = text;
  }

  get text(): string {
    if (this.#text !== undefined) return this.#text;
    const again = this.readAgain(this.absPath);
    if (typeof again !== 'string' || digestOf(again) !== this.#digest) {
      const why = typeof again === 'string' ? 'its content changed' : again.reason;
      throw new FileChangedError(`${this.path} changed on disk while kube-netlint was linting it (${why}): run it again`);
    }
    // Kept from now on: files read again are the few where findings land.
    this.#text = again;
    this.#digest = undefined;
    return again;
  }

  release(): void {
    if (this.#text === undefined) return;
    this.#digest = digestOf(this.#text);
    this.#text = undefined;
  }
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/** `file` (read from a regular file on disk, whose text `readAgain` reads the same way) as a file whose text can be released. */
export function diskFile(file: SourceFile, readAgain: ReadTextAgain): SourceFile {
  return new DiskFile(file.path, file.absPath, file.text, readAgain);
}

/**
 * Lets the text of a file from `diskFile` go until it is asked for again (other files are left as
 * they are). Call it once the file is parsed, when what reads the text of every file has read it.
 */
export function releaseText(file: SourceFile): void {
  if (file instanceof DiskFile) file.release();
}
