import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isExecutableFile, which } from '../../src/util/which.js';

describe('which on Unix (real files)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'capi-which-'));
  const [a, b] = ['a', 'b'].map((d) => path.join(dir, d));
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(path.join(a, 'soffice'), 'not executable');
  chmodSync(path.join(a, 'soffice'), 0o644);
  writeFileSync(path.join(b, 'soffice'), '#!/bin/sh\n');
  chmodSync(path.join(b, 'soffice'), 0o755);
  mkdirSync(path.join(a, 'git'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(process.platform === 'win32')('skips files without the executable bit and folders, in PATH order', () => {
    expect(which('soffice', { PATH: `${a}:${b}` })).toBe(path.join(b, 'soffice'));
    expect(which('git', { PATH: a })).toBeUndefined();
    expect(which(['libreoffice', 'soffice'], { PATH: `${a}::${b}` })).toBe(path.join(b, 'soffice'));
    expect(which('soffice', {})).toBeUndefined();
    expect(isExecutableFile(path.join(a, 'soffice'))).toBe(false);
    expect(isExecutableFile(path.join(a, 'git'))).toBe(false);
    expect(isExecutableFile(path.join(b, 'soffice'))).toBe(true);
  });
});

describe('which on Windows (fake file system)', () => {
  const files = new Set(['C:\\Program Files\\nodejs\\capi.cmd', 'C:\\Program Files\\nodejs\\capi', 'C:\\Program Files\\nodejs\\capi.ps1', 'D:\\tools\\chrome.exe', 'D:\\tools\\git.EXE']);
  const options = { platform: 'win32' as const, isExecutable: (f: string) => files.has(f) };

  it('tries each PATHEXT extension, never the bare npm shell shim, and reads `Path` whatever its case', () => {
    expect(which('capi', { Path: 'C:\\Windows;"C:\\Program Files\\nodejs"', PATHEXT: '.COM;.EXE;.BAT;.CMD' }, options)).toBe('C:\\Program Files\\nodejs\\capi.cmd');
    expect(which('capi', { pAtH: 'C:\\Program Files\\nodejs' }, options)).toBe('C:\\Program Files\\nodejs\\capi.cmd');
  });

  it('uses the default PATHEXT when none is set, and a PATHEXT that leaves .CMD out', () => {
    expect(which('chrome', { PATH: 'C:\\Windows;D:\\tools' }, options)).toBe('D:\\tools\\chrome.exe');
    expect(which('capi', { PATH: 'C:\\Program Files\\nodejs', PATHEXT: '.EXE' }, options)).toBeUndefined();
  });

  it('takes a name that already has its extension as it is; the case of PATHEXT does not matter', () => {
    expect(which('chrome.exe', { PATH: 'D:\\tools' }, options)).toBe('D:\\tools\\chrome.exe');
    expect(which('git', { PATH: 'D:\\tools', PATHEXT: '.EXE' }, { platform: 'win32', isExecutable: (f) => f.toLowerCase() === 'd:\\tools\\git.exe' })).toBe('D:\\tools\\git.exe');
  });

  it('does not split a Windows PATH at the drive colon', () => {
    expect(which(['chromium', 'chrome'], { PATH: 'D:\\tools' }, options)).toBe('D:\\tools\\chrome.exe');
  });
});
