import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oncePerRun, runDir } from './run-cache.js';

/** What another worker does when it makes the result of `key`: takes its folder, later writes its outcome. */
const idOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 16);

describe('made once per run (the helper of the shared renders)', () => {
  it('makes a result once, in its own folder, and gives every asker the same value', async () => {
    const key = `test ${randomUUID()}`;
    let made = 0;
    const make = async (dir: string) => {
      made += 1;
      writeFileSync(path.join(dir, 'a.txt'), 'x');
      return { n: 42 };
    };
    const [a, b] = await Promise.all([oncePerRun(key, make), oncePerRun(key, make)]);
    expect(made).toBe(1);
    expect(a).toEqual(b);
    expect(a.value).toEqual({ n: 42 });
    expect(existsSync(path.join(a.dir, 'a.txt'))).toBe(true);
  });

  it('waits for a result another worker is making, and gets it when its file appears', async () => {
    const key = `test ${randomUUID()}`;
    const id = idOf(key);
    mkdirSync(path.join(runDir(), id)); // another worker holds it
    let settled = false;
    const waiting = oncePerRun(key, async () => ({ mine: true })).finally(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    writeFileSync(path.join(runDir(), `${id}.json.tmp`), JSON.stringify({ ok: true, value: { theirs: true } }));
    renameSync(path.join(runDir(), `${id}.json.tmp`), path.join(runDir(), `${id}.json`));
    expect((await waiting).value).toEqual({ theirs: true });
  });

  it('passes a failure on to every asker, with its reason', async () => {
    const key = `test ${randomUUID()}`;
    const fail = async () => {
      throw new Error('soffice introuvable');
    };
    await expect(oncePerRun(key, fail)).rejects.toThrow(/soffice introuvable/);
    const id = idOf(key);
    expect(existsSync(path.join(runDir(), `${id}.json`))).toBe(true);
  });
});
