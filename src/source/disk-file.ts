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
  /** The text's digest (`digestOf`), once computed or known; kept for as long as the file. */
  #digest: string | undefined;

  constructor(
    readonly path: string,
    readonly absPath: string,
    text: string | undefined,
    private readonly readAgain: ReadTextAgain,
    /** What fstat said of the file when it was opened (`FileStamp`), for the cache's freshness check; absent when not asked for. */
    readonly stamp: string | undefined,
    digest?: string,
    /** For a file not read: told when its text does not have the digest it was taken to have (the stamp lied). */
    private readonly onStale?: () => void,
  ) {
    this.#text = text;
    this.#digest = digest;
  }

  get text(): string {
    if (this.#text !== undefined) return this.#text;
    const again = this.readAgain(this.absPath);
    if (typeof again !== 'string' || digestOf(again) !== this.#digest) {
      const why = typeof again === 'string' ? 'its content changed' : again.reason;
      if (typeof again === 'string') this.onStale?.();
      throw new FileChangedError(`${this.path} changed on disk while kube-netlint was linting it (${why}): run it again`);
    }
    // Kept from now on: files read again are the few where findings land.
    this.#text = again;
    return again;
  }

  /** The digest of the text (computed once: the cache keys parses by it, and `release` checks a text read again against it). */
  digest(): string {
    return (this.#digest ??= digestOf(this.#text!));
  }

  release(): void {
    if (this.#text === undefined) return;
    this.digest();
    this.#text = undefined;
  }
}

/** SHA-256 of a text, base64url: the content hash the cache keys parses by (parse-cache.ts `contentHash`). */
export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * `file` (read from a regular file on disk, whose text `readAgain` reads the same way) as a file whose
 * text can be released; `stamp` is what fstat said of it when it was read (`FileStamp`), if asked for.
 */
export function diskFile(file: SourceFile, readAgain: ReadTextAgain, stamp?: string): SourceFile {
  return new DiskFile(file.path, file.absPath, file.text, readAgain, stamp);
}

/**
 * A file on disk that was not read: the cache knows its content's digest, and fstat says it has not
 * changed since (load.ts `FileStamps`). Its text is read when asked for, and must have that digest
 * (else `FileChangedError`, after `onStale`: the next run must not trust the stamp again), as a released text.
 */
export function unreadDiskFile(path: string, absPath: string, readAgain: ReadTextAgain, stamp: string, digest: string, onStale: () => void): SourceFile {
  return new DiskFile(path, absPath, undefined, readAgain, stamp, digest, onStale);
}

/** The digest of a file from `diskFile` (computed once, kept with it); undefined for other files. */
export function diskFileDigest(file: SourceFile): string | undefined {
  return file instanceof DiskFile ? file.digest() : undefined;
}

/** The stamp a file from `diskFile` was read with (`FileStamp`), if it was asked for. */
export function diskFileStamp(file: SourceFile): string | undefined {
  return file instanceof DiskFile ? file.stamp : undefined;
}

/**
 * Lets the text of a file from `diskFile` go until it is asked for again (other files are left as
 * they are). Call it once the file is parsed, when what reads the text of every file has read it.
 */
export function releaseText(file: SourceFile): void {
  if (file instanceof DiskFile) file.release();
}
