import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../analyze.ts';
import { DEFAULT_CONFIG } from '../app/config.ts';
import { digestOf, diskFile, diskFileStamp, FileChangedError, releaseText } from './disk-file.ts';
import { CandidateReader, collectSources, DEFAULT_MAX_FILE_SIZE, loadSources, type FileStamps } from './load.ts';
import { fileHash } from './parse-cache.ts';
import { positionAt } from './text.ts';

const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-disk-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: nowhere-to-be-found\n  ports:\n    - port: 80\n';

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function loaded(name: string) {
  const { files } = await loadSources([name], { cwd: dir });
  assert.equal(files.length, 1);
  return files[0]!;
}

describe('texts of files read from disk', () => {
  it('when a released text is asked for, then the file is read again and gives the same text', async () => {
    write('same.yaml', SERVICE);
    const file = await loaded('same.yaml');
    releaseText(file);
    assert.equal(file.text, SERVICE);
  });

  it('when the file changed on disk after its text was released, then asking for the text is an error naming the file', async () => {
    const path = write('changed.yaml', SERVICE);
    const file = await loaded('changed.yaml');
    releaseText(file);
    writeFileSync(path, SERVICE.replace('web', 'api'));
    assert.throws(() => file.text, (error: unknown) => error instanceof FileChangedError && error.message.includes('changed.yaml') && error.message.includes('its content changed'));
  });

  it('when the file was removed after its text was released, then asking for the text is an error that says why', async () => {
    const path = write('removed.yaml', SERVICE);
    const file = await loaded('removed.yaml');
    releaseText(file);
    unlinkSync(path);
    assert.throws(() => file.text, (error: unknown) => error instanceof FileChangedError && error.message.includes('removed.yaml') && error.message.includes('cannot read file'));
  });

  it('when a text read again is asked for once more, then it is kept and the file is not read again', async () => {
    const path = write('kept.yaml', SERVICE);
    const file = await loaded('kept.yaml');
    releaseText(file);
    assert.equal(file.text, SERVICE);
    unlinkSync(path);
    assert.equal(file.text, SERVICE);
  });

  it('when a file did not come from disk (standard input, an editor), then releasing leaves its text', () => {
    const file = { path: 'stdin.yaml', absPath: join(dir, 'not-on-disk.yaml'), text: SERVICE };
    releaseText(file);
    assert.equal(file.text, SERVICE);
  });

  it('when a file is wrapped, then its path and absolute path are kept', () => {
    const file = diskFile({ path: 'a.yaml', absPath: join(dir, 'a.yaml'), text: SERVICE }, () => ({ reason: 'never read' }));
    assert.deepEqual([file.path, file.absPath, file.text], ['a.yaml', join(dir, 'a.yaml'), SERVICE]);
  });

  it('when a loaded tree is analysed, then its findings are placed in the text that was read, read again after the parse', async () => {
    write('analysed.yaml', SERVICE);
    const file = await loaded('analysed.yaml');
    const { diagnostics } = analyze({ files: [file], config: DEFAULT_CONFIG });
    const orphan = diagnostics.find((d) => d.ruleId === 'service-selector-orphan');
    assert.ok(orphan, 'the Service selects no workload');
    assert.equal(orphan.file, file);
    assert.equal(file.text.slice(orphan.span.start, orphan.span.end), 'selector');
    assert.equal(positionAt(file, orphan.span.start).line, 7);
  });
});

describe('files the cache knows unchanged (stamps)', () => {
  /** Reads `name` with a reader given stamps that answer `digest` for whatever stamp they are asked about, and records the stamps asked about. */
  function readWithStamps(name: string, digest: string | undefined) {
    const asked: string[] = [];
    const stamps: FileStamps = {
      digestIf: (path, stamp) => {
        asked.push(`${path} ${stamp}`);
        return digest;
      },
      stale: (path) => asked.push(`stale ${path}`),
    };
    const candidate = { absPath: join(dir, name), display: name, named: false };
    const { files } = collectSources({ candidates: [candidate], skipped: [], missing: [] }, [new CandidateReader(stamps).read(candidate, DEFAULT_MAX_FILE_SIZE)]);
    assert.equal(files.length, 1);
    return { file: files[0]!, asked };
  }

  it('when the stamps give a digest for the file\'s stamp, then the file is not read: its text is read when asked for and must have that digest', () => {
    write('known.yaml', SERVICE);
    const { file, asked } = readWithStamps('known.yaml', digestOf(SERVICE));
    assert.match(asked[0]!, /^known\.yaml \d+:\d+:\d+:-?\d+:-?\d+$/);
    assert.equal(fileHash(file), digestOf(SERVICE), 'the digest is the one the stamps gave');
    assert.equal(diskFileStamp(file), asked[0]!.split(' ')[1]);
    assert.equal(file.text, SERVICE);
  });

  it('when the stamps give a digest the file does not have (it changed under the same stamp), then asking for the text is an error, never another text', () => {
    write('stale.yaml', SERVICE);
    const { file, asked } = readWithStamps('stale.yaml', digestOf(SERVICE.replace('web', 'api')));
    assert.throws(() => file.text, (error: unknown) => error instanceof FileChangedError && error.message.includes('stale.yaml'));
    assert.equal(asked[1], 'stale stale.yaml', 'the stamps are told, so that the next run does not trust them');
  });

  it('when the stamps know no digest for the file, then it is read, hashed from its text and stamped', () => {
    write('unknown.yaml', SERVICE);
    const { file, asked } = readWithStamps('unknown.yaml', undefined);
    releaseText(file);
    assert.equal(fileHash(file), digestOf(SERVICE));
    assert.equal(diskFileStamp(file), asked[0]!.split(' ')[1]);
    assert.equal(file.text, SERVICE);
  });
});
