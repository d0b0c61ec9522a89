import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readForUpdate, updateFileAtomic, writeFileAtomic } from './atomic-write.js';
import { readTextFile } from './text-file.js';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'cw-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', async () => {
    const file = path.join(scratch(), 'a.cases.yaml');
    writeFileSync(file, 'old\n');
    await writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(path.dirname(file))).toEqual(['a.cases.yaml']);
  });

  it('writes text given in pieces in order, and keeps the old file (no temporary file) when the pieces fail midway', async () => {
    const file = path.join(scratch(), 'cases.json');
    writeFileSync(file, '{"old":true}');
    await writeFileAtomic(file, ['{"a":', '[1,2', ',3]', '}']);
    expect(readFileSync(file, 'utf8')).toBe('{"a":[1,2,3]}');
    function* failing(): Generator<string> {
      yield '{"b":';
      throw new Error('out of memory');
    }
    await expect(writeFileAtomic(file, failing())).rejects.toThrow('out of memory');
    expect(readFileSync(file, 'utf8')).toBe('{"a":[1,2,3]}');
    expect(readdirSync(path.dirname(file))).toEqual(['cases.json']);
  });

  it('refuses to overwrite a file that changed since it was read, and keeps the other version', async () => {
    const file = path.join(scratch(), 'a.cases.yaml');
    writeFileSync(file, 'v1\n');
    const snapshot = await readForUpdate(file);
    writeFileSync(file, 'saved by the user\n');
    await expect(writeFileAtomic(file, 'v2\n', { expected: snapshot })).rejects.toMatchObject({ code: 'FILE_CHANGED' });
    expect(readFileSync(file, 'utf8')).toBe('saved by the user\n');
    expect(readdirSync(path.dirname(file))).toEqual(['a.cases.yaml']);
  });

  it('refuses to create a file that appeared since it was found missing', async () => {
    const file = path.join(scratch(), 'new.cases.yaml');
    const snapshot = await readForUpdate(file);
    expect(snapshot.text).toBeUndefined();
    writeFileSync(file, 'someone else\n');
    await expect(writeFileAtomic(file, 'mine\n', { expected: snapshot })).rejects.toMatchObject({ code: 'FILE_CHANGED' });
  });

  it('creates secret files with the mode asked for', async () => {
    const file = path.join(scratch(), 'keys.json');
    await writeFileAtomic(file, '{}', { mode: 0o600 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('updateFileAtomic', () => {
  it('re-reads and merges when the file changes between the read and the write', async () => {
    const file = path.join(scratch(), 'stats.txt');
    writeFileSync(file, 'a\n');
    let calls = 0;
    const written = await updateFileAtomic(file, (text) => {
      calls++;
      // The user saves while the first merge is computed.
      if (calls === 1) writeFileSync(file, 'a\nuser line\n');
      return `${text}stats\n`;
    });
    expect(written).toBe(true);
    expect(calls).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('a\nuser line\nstats\n');
  });

  it('gives up after the attempts with FILE_CHANGED, writing nothing', async () => {
    const file = path.join(scratch(), 'busy.txt');
    writeFileSync(file, '0');
    let n = 0;
    await expect(
      updateFileAtomic(
        file,
        (text) => {
          writeFileSync(file, String(++n));
          return `${text}!`;
        },
        { attempts: 3 },
      ),
    ).rejects.toMatchObject({ code: 'FILE_CHANGED' });
    expect(readFileSync(file, 'utf8')).toBe('3');
    expect(existsSync(file)).toBe(true);
  });
});

describe('readTextFile', () => {
  it('refuses bytes that are not UTF-8, at line and column (a Latin-1 file)', async () => {
    const file = path.join(scratch(), 'latin1.cases.yaml');
    writeFileSync(file, Buffer.from('suite: S\ntitle: Gr\xfc\xdfe\n', 'latin1'));
    await expect(readTextFile(file, 'latin1.cases.yaml')).rejects.toThrow('latin1.cases.yaml:2:10 is not valid UTF-8');
  });

  it('counts columns in characters, not bytes', async () => {
    const file = path.join(scratch(), 'mixed.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('ä€x', 'utf8'), Buffer.from([0xff])]));
    await expect(readTextFile(file)).rejects.toThrow(':1:4 is not valid UTF-8');
  });
});
