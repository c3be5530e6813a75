/**
 * The persistent cache of `--cache`: one file per working directory holding each file's
 * parse data by path and content hash (src/source/parse-cache.ts), for the tool version that wrote it.
 *
 * Why it is safe to read: the tool runs on strangers' pull requests, and a cache file may be planted
 * in the tree, swapped or truncated. Nothing in a cache file is believed unless its MAC checks out:
 * an HMAC-SHA256 over the whole content, keyed by a random secret kept in the user's cache directory
 * (never in the analysed tree, mode 0600), computed before the content is parsed (JSON, never
 * `v8.deserialize`). A file that fails the check, is of another format or tool version, or holds an
 * entry of the wrong shape is ignored whole and rewritten. Writes go to a new temporary file beside
 * the cache (exclusive create, so no link is followed) renamed over it; a link at the cache's path is
 * replaced, never followed. A cache that cannot be read or written is a note on stderr, never a failure.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, lutimesSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FileParseData } from '../source/parse.ts';
import type { ParseStore } from '../source/parse-cache.ts';
import { diskFileStamp } from '../source/disk-file.ts';
import { stampMtimeNs, type FileStamp, type FileStamps } from '../source/load.ts';
import type { SourceFile } from '../source/types.ts';
import { knownWithoutDirectives, noteWithoutDirectives } from '../lint/suppress.ts';
import type { ResultStore } from '../analyze.ts';
import type { StoredResults } from '../lint/persistent.ts';
import { writeNote, type CliIo } from './io.ts';
import { VERSION } from './version.ts';

const MAGIC = 'kube-netlint-cache';
/** Bumped when the content's shape changes; a file of another format is ignored and rewritten. */
const FORMAT = 2;
const SECRET_FILE = 'secret';
/** A cache file larger than this is not read (it could only be forged or of a far larger tree). */
const MAX_CACHE_BYTES = 1 << 30;
/**
 * git's "racy clean" rule: a file changed again within the time granularity of its stamp would keep
 * its stamp, so no stamp whose modification time is less than this before the start of the run that
 * took it is kept (the file is read and hashed again next time). More than the coarsest time
 * granularity of common file systems (FAT's 2 s) and the lag of a kernel's coarse clock. (A change
 * that sets the modification time back still changes the change time, which the stamp holds too.)
 */
const RACY_MARGIN_NS = 3_000_000_000n;
/**
 * A directory of cache files (one per working directory: `runs/`, or a `--cache-location` directory)
 * would keep one for every directory ever linted: a run that saves into it deletes the files of
 * working directories not linted for this long (a run that changes nothing still touches its own).
 */
const STALE_RUN_MS = 30 * 24 * 3_600_000;
/** Temporary files of a run that died before renaming its cache (`writeAtomically`) are deleted after this long. */
const STALE_TEMP_MS = 24 * 3_600_000;
/** The names this tool gives the files of such a directory; nothing else in it is touched. */
const RUN_FILE = /^run-[0-9a-f]{32}\.cache$/;
const TEMP_FILE = /^\.kube-netlint-cache-[0-9a-f]{18}\.tmp$/;

/** Where the cache lives: `--cache-location`, else a file per working directory in the user's cache directory. */
export interface CacheOptions {
  /** `--cache-location`: a file, or an existing directory to hold one file per working directory. */
  readonly location?: string;
}

/**
 * A file's kept parse: its content hash and its data as JSON text, parsed only when the file is read
 * with that hash, and written back as it was read when it is still used (no second serialization).
 * `stamp`: the file's stamp when its content had that hash (load.ts `FileStamp`; empty: none kept):
 * while fstat gives the same, the file is not read. `directives`: whether that content holds
 * suppression directives ('1'), none ('0'), or not known ('').
 */
interface ParseEntry {
  readonly hash: string;
  readonly stamp: string;
  readonly directives: '' | '0' | '1';
  readonly json: string;
}

/**
 * The content (after the magic line and the MAC line), one record a line: JSON text never holds a raw
 * newline or tab. `{"format":2,"tool":"0.1.0"}`, then `R<results JSON>` (optional), then one
 * `F<path as JSON>\t<content hash>\t<parse data JSON>\t<stamp>\t<directives>` per file (the last two
 * may be left out: a line without them keeps no stamp, as the lines of earlier versions).
 */
interface Content {
  readonly files: Map<string, ParseEntry>;
  readonly results: StoredResults | undefined;
}

/** The user's cache directory (`XDG_CACHE_HOME`, `LOCALAPPDATA`, `~/.cache`), or undefined when the environment names none. */
export function userCacheDirectory(env: CliIo['env']): string | undefined {
  const base = env.XDG_CACHE_HOME || env.LOCALAPPDATA || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? resolve(base, 'kube-netlint') : undefined;
}

/** Why the cache is off for this run, as the note says; thrown inside this module only. */
class CacheUnavailable extends Error {}

/**
 * The cache of one run: `parses` is the store the analysis reads and fills; `save` writes what this
 * run used (entries of files no longer read are dropped, so the file does not grow without bound).
 */
export class RunCache {
  readonly parses: ParseStore;
  readonly results: ResultStore;
  private newResults: StoredResults | undefined;
  private resultsChanged = false;
  private readonly kept: Map<string, ParseEntry>;
  /** The entries this run used, with the file each was used for (its stamp and directives are written back). */
  private readonly used = new Map<string, { readonly entry: ParseEntry; readonly file: SourceFile }>();
  private parsesChanged: boolean;
  /** When this run started, in nanoseconds since the epoch: stamps of files changed since shortly before are not kept (`RACY_MARGIN_NS`). */
  private readonly startedNs = BigInt(Date.now()) * 1_000_000n;
  /** The content digests of files whose stamp is unchanged, for the reader (`FileStamps`). */
  readonly stamps: FileStamps;
  /** Set when a file's stamp turned out stale (`FileStamps.stale`): no stamp is trusted or kept. */
  private stale = false;

  private constructor(
    private readonly io: CliIo,
    private readonly file: string,
    /** Whether `file` is one of a directory of cache files, one per working directory (pruned: `STALE_RUN_MS`). */
    private readonly shared: boolean,
    private readonly secret: Buffer,
    content: Content | undefined,
  ) {
    this.kept = content?.files ?? new Map();
    this.parsesChanged = content === undefined;
    this.results = {
      kept: content?.results,
      keep: (results, changed) => {
        this.newResults = results;
        if (changed) this.resultsChanged = true;
      },
    };
    this.stamps = {
      digestIf: (path, stamp) => {
        const entry = this.kept.get(path);
        return !this.stale && entry && entry.stamp !== '' && entry.stamp === stamp ? entry.hash : undefined;
      },
      stale: () => {
        // A file changed without its stamp changing (a clock far off, a file system that keeps no
        // times): the run fails (FileChangedError), and may do so after `save`. No stamp of this file
        // is trusted again: it is deleted, and a save still to come keeps no stamp.
        this.stale = true;
        try {
          unlinkSync(this.file);
        } catch {
          // Not written, or gone.
        }
      },
    };
    this.parses = {
      lookup: (path, hash, file) => {
        const entry = this.kept.get(path);
        if (!entry || entry.hash !== hash) return undefined;
        let data: unknown;
        try {
          data = JSON.parse(entry.json);
        } catch {
          return undefined;
        }
        if (!isParseData(data)) return undefined;
        // Directives depend on the text alone, as the parse does: a file not read need not be for them.
        if (entry.directives === '0') noteWithoutDirectives(file);
        this.used.set(path, { entry, file });
        return data;
      },
      store: (path, hash, data, file) => {
        this.used.set(path, { entry: { hash, stamp: '', directives: '', json: JSON.stringify(data) }, file });
        this.parsesChanged = true;
      },
    };
  }

  /** The stamp to keep with a file's entry: the one it was read with, unless racy (`RACY_MARGIN_NS`); '' for none. */
  private stampOf(file: SourceFile): FileStamp {
    const stamp = diskFileStamp(file);
    return !this.stale && stamp !== undefined && stampMtimeNs(stamp) < this.startedNs - RACY_MARGIN_NS ? stamp : '';
  }

  /** Opens the cache of a run; undefined (after a note on stderr) when there is nowhere safe to keep one. */
  static open(io: CliIo, options: CacheOptions): RunCache | undefined {
    try {
      const home = userCacheDirectory(io.env);
      if (!home) throw new CacheUnavailable('no cache directory (set XDG_CACHE_HOME or HOME)');
      const secret = readSecret(home);
      const { file, shared } = cacheFile(io, home, options);
      return new RunCache(io, file, shared, secret, readCache(file, secret));
    } catch (error) {
      writeNote(io, `kube-netlint: note: the cache is off for this run: ${reason(error)}`);
      return undefined;
    }
  }

  /** The file this run's cache is kept in. */
  get path(): string {
    return this.file;
  }

  /** Writes the entries this run used, atomically, unless they are what the file holds; a failure is a note on stderr. */
  save(): void {
    const dropped = this.kept.size !== this.used.size || [...this.kept.keys()].some((path) => !this.used.has(path));
    // Stamps and directives as this run knows them (a file touched, a stamp no longer racy).
    const entries = [...this.used].map(([path, { entry, file }]) => {
      const directives = knownWithoutDirectives(file);
      return [path, { ...entry, stamp: this.stampOf(file), directives: directives === undefined ? '' : directives ? '0' : '1' }] as const;
    });
    const restamped = entries.some(([path, entry]) => {
      const kept = this.kept.get(path);
      return kept?.stamp !== entry.stamp || kept.directives !== entry.directives;
    });
    if (!this.parsesChanged && !dropped && !this.resultsChanged && !restamped) {
      this.touchAndPrune();
      return;
    }
    try {
      // Inside the try: a tree too large for one string is a note too.
      const lines = [JSON.stringify({ format: FORMAT, tool: VERSION })];
      if (this.newResults) lines.push(`R${JSON.stringify(this.newResults)}`);
      for (const [path, entry] of entries) lines.push(`F${JSON.stringify(path)}\t${entry.hash}\t${entry.json}\t${entry.stamp}\t${entry.directives}`);
      const content = lines.join('\n');
      writeAtomically(this.file, `${MAGIC} ${FORMAT}\n${mac(this.secret, content)}\n${content}`);
    } catch (error) {
      writeNote(this.io, `kube-netlint: note: could not write the cache ${this.file}: ${reason(error)}`);
      return;
    }
    this.touchAndPrune(false);
  }

  /**
   * Deletes the stale files of the directory this cache shares with other working directories'
   * (`STALE_RUN_MS`); `touch`: first marks this one used (it was not rewritten). Failures are ignored:
   * pruning is housekeeping, and another run may be pruning the same directory.
   */
  private touchAndPrune(touch = true): void {
    if (!this.shared) return;
    const now = Date.now();
    const directory = dirname(this.file);
    if (touch) {
      try {
        lutimesSync(this.file, new Date(now), new Date(now));
      } catch {
        // Not written yet (nothing to keep): nothing to mark.
      }
    }
    try {
      for (const name of readdirSync(directory)) {
        const limit = RUN_FILE.test(name) ? STALE_RUN_MS : TEMP_FILE.test(name) ? STALE_TEMP_MS : undefined;
        const path = join(directory, name);
        if (limit === undefined || path === this.file) continue;
        try {
          const stat = lstatSync(path);
          if (stat.isFile() && now - stat.mtimeMs > limit) unlinkSync(path);
        } catch {
          // Gone already, or not ours to delete.
        }
      }
    } catch {
      // No such directory (the cache was never written), or not readable: nothing to prune.
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function mac(secret: Buffer, content: string): string {
  return createHmac('sha256', secret).update(content).digest('base64url');
}

/** The cache file of a run: `--cache-location` (a directory holds one file per working directory), else one per working directory in the user's cache directory. */
function cacheFile(io: CliIo, home: string, options: CacheOptions): { file: string; shared: boolean } {
  // One file per working directory, not per list of paths: pre-commit passes another list of staged
  // files each time (with `--context .`), and a file per list would pile up, each used once.
  const run = createHash('sha256').update(io.cwd).digest('hex').slice(0, 32);
  const name = `run-${run}.cache`;
  if (options.location === undefined) return { file: join(home, 'runs', name), shared: true };
  const location = resolve(io.cwd, options.location);
  let directory = false;
  try {
    directory = lstatSync(location, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    // Not a directory (a path through a file): the write will say why.
  }
  return directory ? { file: join(location, name), shared: true } : { file: location, shared: false };
}

/**
 * The per-user secret the cache's MAC is keyed with: 32 random bytes in the user's cache directory,
 * made on first use (exclusive create, mode 0600). One readable by others, or not a plain file, turns
 * the cache off: whoever can read it could forge a cache.
 */
function readSecret(home: string): Buffer {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, SECRET_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CacheUnavailable(`cannot read the cache's secret ${path}: ${reason(error)}`);
      try {
        writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
      } catch (created) {
        // Another run made it first: read that one.
        if ((created as NodeJS.ErrnoException).code !== 'EEXIST') throw new CacheUnavailable(`cannot create the cache's secret ${path}: ${reason(created)}`);
      }
      continue;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new CacheUnavailable(`the cache's secret ${path} is not a file`);
      if (platform() !== 'win32' && (stat.mode & 0o077) !== 0) throw new CacheUnavailable(`the cache's secret ${path} may be read by other users (chmod 600 it, or delete it)`);
      const text = readFileSync(fd, 'utf8');
      if (!/^[0-9a-f]{64}$/.test(text)) throw new CacheUnavailable(`the cache's secret ${path} is damaged (delete it)`);
      return Buffer.from(text, 'hex');
    } finally {
      closeSync(fd);
    }
  }
  throw new CacheUnavailable(`cannot read the cache's secret ${path}`);
}

/** The entries of a cache file, or undefined when there is none to trust (absent, damaged, forged, of another format or version). */
function readCache(file: string, secret: Buffer): Content | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  let text: string;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return undefined;
    text = readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  const magic = `${MAGIC} ${FORMAT}\n`;
  if (!text.startsWith(magic)) return undefined;
  const macEnd = text.indexOf('\n', magic.length);
  if (macEnd < 0) return undefined;
  const written = Buffer.from(text.slice(magic.length, macEnd));
  const content = text.slice(macEnd + 1);
  const expected = Buffer.from(mac(secret, content));
  // The MAC is checked before a byte of the content is parsed.
  if (written.length !== expected.length || !timingSafeEqual(written, expected)) return undefined;
  const lines = content.split('\n');
  let header: unknown;
  try {
    header = JSON.parse(lines[0]!);
  } catch {
    return undefined;
  }
  if (!isObject(header) || header.format !== FORMAT || header.tool !== VERSION) return undefined;
  const files = new Map<string, ParseEntry>();
  let results: StoredResults | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('R') && i === 1) {
      let value: unknown;
      try {
        value = JSON.parse(line.slice(1));
      } catch {
        return undefined;
      }
      if (!(isObject(value) && typeof value.key === 'string' && isObject(value.documents) && isObject(value.namespaces))) return undefined;
      results = value as unknown as StoredResults;
      continue;
    }
    const tab = line.indexOf('\t');
    const tab2 = tab < 0 ? -1 : line.indexOf('\t', tab + 1);
    if (!line.startsWith('F') || tab2 < 0) return undefined;
    // JSON text holds no raw tab: a tab after the parse data starts the stamp and the directives.
    const tab3 = line.indexOf('\t', tab2 + 1);
    const tab4 = tab3 < 0 ? -1 : line.indexOf('\t', tab3 + 1);
    if (tab3 >= 0 && (tab4 < 0 || line.indexOf('\t', tab4 + 1) >= 0)) return undefined;
    const stamp = tab3 < 0 ? '' : line.slice(tab3 + 1, tab4);
    const directives = tab3 < 0 ? '' : line.slice(tab4 + 1);
    if (!(stamp === '' || STAMP.test(stamp)) || !(directives === '' || directives === '0' || directives === '1')) return undefined;
    let path: unknown;
    try {
      path = JSON.parse(line.slice(1, tab));
    } catch {
      return undefined;
    }
    if (typeof path !== 'string') return undefined;
    files.set(path, { hash: line.slice(tab + 1, tab2), stamp, directives, json: line.slice(tab2 + 1, tab3 < 0 ? line.length : tab3) });
  }
  return { files, results };
}

/** A stamp as load.ts writes it: five integers (`dev:ino:size:mtime:ctime`, times before 1970 negative). */
const STAMP = /^\d+:\d+:\d+:-?\d+:-?\d+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isInt = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Whether a kept entry has the shape of `FileParseData` of the fast reader (checked when used). */
function isParseData(data: unknown): data is FileParseData {
  if (!isObject(data) || data.reader !== 'fast' || !Array.isArray(data.documents)) return false;
  return data.documents.every(
    (doc: unknown) =>
      isObject(doc) &&
      isInt(doc.start) &&
      isInt(doc.end) &&
      doc.start <= doc.end &&
      'value' in doc &&
      Array.isArray(doc.problems) &&
      doc.problems.every((p: unknown) => isObject(p) && typeof p.message === 'string' && isObject(p.span) && isInt(p.span.start) && isInt(p.span.end) && (p.severity === undefined || p.severity === 'warning')) &&
      (doc.ambiguous === undefined || (Array.isArray(doc.ambiguous) && doc.ambiguous.every(isInt))),
  );
}

/** Writes `text` to `file` through a new temporary file in the same directory, renamed over it. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = join(dirname(file), `.kube-netlint-cache-${randomBytes(9).toString('hex')}.tmp`);
  // 'wx': created new, so a link planted at that name is never followed.
  writeFileSync(temp, text, { flag: 'wx', mode: 0o600 });
  try {
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
    throw error;
  }
}
