import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNew, tempNameFor, writeAtomic } from '../../src/util/atomic-write.js';
import { runInterruptTasks } from '../../src/util/cleanup.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAtomic', () => {
  it('writes text and bytes, replaces the old file, and leaves no temporary file', async () => {
    const file = path.join(dir, 'RE-TIZ-01.html');
    writeFileSync(file, 'ancien');
    await writeAtomic(file, 'nouveau é');
    expect(readFileSync(file, 'utf8')).toBe('nouveau é');
    await writeAtomic(file, Buffer.from([0x25, 0x50, 0x44, 0x46]));
    expect(readFileSync(file, 'latin1')).toBe('%PDF');
    expect(readdirSync(dir)).toEqual(['RE-TIZ-01.html']);
  });

  it('fails with the system error when the folder is missing, leaving nothing behind', async () => {
    await expect(writeAtomic(path.join(dir, 'absent', 'x.pdf'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes its temporary file when the rename fails (a folder in the way)', async () => {
    const blocked = path.join(dir, 'blocked');
    mkdirSync(path.join(blocked, 'inner'), { recursive: true });
    await expect(writeAtomic(blocked, 'x')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/) });
    expect(readdirSync(dir)).toEqual(['blocked']);
  });

  it('registers its temporary file for removal on interrupt while writing', async () => {
    const file = path.join(dir, 'gros.docx');
    const big = Buffer.alloc(32 * 1024 * 1024, 1);
    // its outcome is held at once: the rejection comes while the interrupt tasks run
    const writing = writeAtomic(file, big).then(() => undefined, (error: unknown) => error);
    // the interrupt arrives once the temporary file exists, while the bytes are being written
    while (!readdirSync(dir).some((f) => f.endsWith('.tmp'))) await new Promise((r) => setImmediate(r));
    await runInterruptTasks();
    // its temporary file gone, the write is not moved into place: no output at all
    expect(await writing).toMatchObject({ code: 'EINTR' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves nothing when the interrupt comes before its temporary file exists (the open still pending)', async () => {
    const file = path.join(dir, 'rapport.docx');
    const writing = writeAtomic(file, Buffer.alloc(4 * 1024 * 1024, 1)).then(() => undefined, (error: unknown) => error);
    // no await between: the open of the temporary file has not completed yet
    await runInterruptTasks();
    expect(await writing).toMatchObject({ code: 'EINTR' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names its temporary file hidden, beside the target, ending in .tmp', () => {
    const tmp = tempNameFor(path.join(dir, 'a.pdf'));
    expect(path.dirname(tmp)).toBe(dir);
    expect(path.basename(tmp)).toMatch(/^\.a\.pdf\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(tempNameFor(path.join(dir, 'a.pdf'))).not.toBe(tmp);
  });
});

describe('createNew', () => {
  it('creates a missing file (and its folders) and says so', async () => {
    const file = path.join(dir, 're', 'RE-TIZ-01.yaml');
    expect(await createNew(file, 'id: RE-TIZ-01\n')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('id: RE-TIZ-01\n');
    expect(readdirSync(path.join(dir, 're'))).toEqual(['RE-TIZ-01.yaml']);
  });

  it("never replaces a researcher's file", async () => {
    const file = path.join(dir, 'capi.config.yaml');
    writeFileSync(file, 'organisation: mienne\n');
    expect(await createNew(file, 'organisation: autre\n')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('organisation: mienne\n');
    expect(readdirSync(dir)).toEqual(['capi.config.yaml']);
  });

  it('of two writers racing for one name, exactly one wins and the file is whole', async () => {
    const file = path.join(dir, 'LISEZMOI.md');
    const results = await Promise.all(['A'.repeat(100_000), 'B'.repeat(100_000)].map((text) => createNew(file, text)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toMatch(/^(A{100000}|B{100000})$/);
    expect(readdirSync(dir)).toEqual(['LISEZMOI.md']);
  });

  it('throws the system error for a folder it may not write in', async () => {
    if (process.getuid?.() === 0) return; // root writes everywhere
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      await expect(createNew(path.join(locked, 'x.yaml'), 'x')).rejects.toMatchObject({ code: 'EACCES' });
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});
