import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, utimesSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changedFiles, commitDates, lastChanges, mayBeInGitRepository } from '../../src/link/git.js';
import { runCli, ROOT } from '../helpers.js';

/** Runs git in `cwd` with a fixed identity and, when given, a fixed commit date (ISO). */
function git(cwd: string, args: string[], date?: string): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org' };
  if (date) Object.assign(env, { GIT_AUTHOR_DATE: `${date}T10:00:00+00:00`, GIT_COMMITTER_DATE: `${date}T10:00:00+00:00` });
  execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env, stdio: 'pipe' });
}

const OLD_MTIME = new Date('2023-06-07T12:00:00Z');

describe('dates of the last change from git', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, 're', name);
  const write = (name: string, text: string) => writeFileSync(file(name), text);

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'capi-git-'));
    mkdirSync(path.join(dir, 're'));
    git(dir, ['init', '-q']);
    write('RE-TIZ-01-aït.yaml', 'id: RE-TIZ-01\n');
    write('RE-TIZ-02-tafraout.yaml', 'id: RE-TIZ-02\n');
    write('RE-TIZ-04-aït.yaml', 'id: RE-TIZ-04\n');
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '-m', 'first sheets'], '2024-03-05');
    git(dir, ['rm', '-q', 're/RE-TIZ-02-tafraout.yaml']);
    git(dir, ['commit', '-q', '-m', 'drop RE-TIZ-02'], '2025-01-02');
    write('RE-TIZ-03.yaml', 'id: RE-TIZ-03\n');
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '-m', 'RE-TIZ-03'], '2025-02-03');
    // uncommitted: a rename onto a name that has history, and an edit of a non-ASCII name
    git(dir, ['mv', 're/RE-TIZ-03.yaml', 're/RE-TIZ-02-tafraout.yaml']);
    write('RE-TIZ-04-aït.yaml', 'id: RE-TIZ-04\ntitre: changé\n');
    for (const name of ['RE-TIZ-01-aït.yaml', 'RE-TIZ-02-tafraout.yaml', 'RE-TIZ-04-aït.yaml']) utimesSync(file(name), OLD_MTIME, OLD_MTIME);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a committed non-ASCII name its commit date (git quotes such names unless read with -z)', async () => {
    const { dates, source } = await lastChanges(dir, [file('RE-TIZ-01-aït.yaml')]);
    expect(source).toBe('git');
    expect(dates.get(file('RE-TIZ-01-aït.yaml'))).toBe('2024-03-05');
  });

  it('gives uncommitted changes their file date: a rename onto a name with history, an edited non-ASCII name', async () => {
    const { dates } = await lastChanges(dir, [file('RE-TIZ-02-tafraout.yaml'), file('RE-TIZ-04-aït.yaml')]);
    // without reading the rename, RE-TIZ-02 would get 2025-01-02 (the commit that deleted it)
    expect(dates.get(file('RE-TIZ-02-tafraout.yaml'))).toBe('2023-06-07');
    expect(dates.get(file('RE-TIZ-04-aït.yaml'))).toBe('2023-06-07');
    expect(dates.has(file('RE-TIZ-03.yaml'))).toBe(false);
  });

  it('reads the folder inside the repository, reached through a symbolic link, against its own spelling', async () => {
    const link = `${dir}-link`;
    symlinkSync(path.join(dir, 're'), link);
    try {
      const { dates } = await lastChanges(link, [path.join(link, 'RE-TIZ-01-aït.yaml')]);
      expect(dates.get(path.join(link, 'RE-TIZ-01-aït.yaml'))).toBe('2024-03-05');
    } finally {
      rmSync(link);
    }
  });

  it('falls back to file dates outside a repository', async () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'capi-nogit-'));
    try {
      writeFileSync(path.join(plain, 'a.yaml'), 'id: A\n');
      utimesSync(path.join(plain, 'a.yaml'), OLD_MTIME, OLD_MTIME);
      const { dates, source } = await lastChanges(plain, [path.join(plain, 'a.yaml')]);
      expect(source).toBe('mtime');
      expect(dates.get(path.join(plain, 'a.yaml'))).toBe('2023-06-07');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('parses git log -z and git status -z output, renames and names with spaces, arrows or quotes', () => {
    expect(commitDates('\x012025-01-02\0\nre/new.yaml\0\x012024-11-30\0\x012024-03-05\0\nre/a -> b.yaml\0re/"aït".yaml\0')).toEqual([
      ['re/new.yaml', '2025-01-02'],
      ['re/a -> b.yaml', '2024-03-05'],
      ['re/"aït".yaml', '2024-03-05'],
    ]);
    expect(changedFiles('R  re/c.yaml\0re/b.yaml\0 M re/aït.yaml\0?? re/new one.yaml\0RM re/d.yaml\0re/e.yaml\0')).toEqual([
      're/c.yaml', 're/b.yaml', 're/aït.yaml', 're/new one.yaml', 're/d.yaml', 're/e.yaml',
    ]);
  });
});

describe('capi status in a git workspace', () => {
  it('shows the commit date of a sheet whose file name is not ASCII', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'capi-status-git-'));
    try {
      mkdirSync(path.join(dir, 're'));
      mkdirSync(path.join(dir, 'osim'));
      copyFileSync(path.join(ROOT, 'examples/capi.config.yaml'), path.join(dir, 'capi.config.yaml'));
      copyFileSync(path.join(ROOT, 'examples/re/RE-TIZ-01.yaml'), path.join(dir, 're/RE-TIZ-01-aït.yaml'));
      git(dir, ['init', '-q']);
      git(dir, ['add', '.']);
      git(dir, ['commit', '-q', '-m', 'RE-TIZ-01'], '2024-03-05');
      utimesSync(path.join(dir, 're/RE-TIZ-01-aït.yaml'), OLD_MTIME, OLD_MTIME);
      const r = await runCli(['status', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout) as { id: string; lastChange: string }[];
      expect(rows.map((row) => [row.id, row.lastChange])).toEqual([['RE-TIZ-01', '2024-03-05']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('whether a folder may be in a git repository (no git process started outside one)', () => {
  it('is false with no .git above, true under a .git folder or a worktree .git file (also through a symbolic link), true whenever GIT_DIR is set', () => {
    const top = mkdtempSync(path.join(os.tmpdir(), 'capi-nogit-'));
    const deep = path.join(top, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    const gitDir = process.env.GIT_DIR;
    delete process.env.GIT_DIR;
    try {
      expect(mayBeInGitRepository(deep)).toBe(false);
      process.env.GIT_DIR = path.join(top, 'elsewhere.git');
      expect(mayBeInGitRepository(deep)).toBe(true);
      delete process.env.GIT_DIR;
      writeFileSync(path.join(top, 'a', '.git'), 'gitdir: /somewhere/.git/worktrees/a\n');
      expect(mayBeInGitRepository(deep)).toBe(true);
      expect(mayBeInGitRepository(top)).toBe(false);
      rmSync(path.join(top, 'a', '.git'));
      mkdirSync(path.join(top, '.git'));
      expect(mayBeInGitRepository(deep)).toBe(true);
      // reached through a symbolic link from outside the repository: git looks up from the real path
      const outside = mkdtempSync(path.join(os.tmpdir(), 'capi-nogit-link-'));
      symlinkSync(deep, path.join(outside, 'link'));
      expect(mayBeInGitRepository(path.join(outside, 'link'))).toBe(true);
      expect(mayBeInGitRepository(outside)).toBe(false);
      rmSync(outside, { recursive: true, force: true });
    } finally {
      if (gitDir === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = gitDir;
      rmSync(top, { recursive: true, force: true });
    }
  });
});
