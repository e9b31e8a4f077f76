import { describe, expect, it, vi } from 'vitest';
import { runCli, WS } from '../helpers.js';
import { checkPaths } from '../../src/link/check.js';
import { UserError } from '../../src/util/errors.js';

// Which commands print the warnings of the sheets they check: only those need them located, and
// locating a warning parses its sheet a second time with the `yaml` package (~4 ms a sheet, issue 14).
// The checks are stopped as soon as they are asked: this test is about what is asked.
vi.mock('../../src/link/check.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/link/check.js')>();
  return { ...original, checkPaths: vi.fn(async () => { throw new UserError('arrêt du test'); }) };
});

const askedQuiet = async (args: string[]) => {
  vi.mocked(checkPaths).mockClear();
  await runCli(args, { cwd: WS });
  expect(checkPaths).toHaveBeenCalledTimes(1);
  return vi.mocked(checkPaths).mock.calls[0][2]?.quiet === true;
};

describe('warnings are located only by the commands that print them', () => {
  it.each([
    [['render', '--format', 'docx', 're']],
    [['render', '--format', 'docx', '--relecture', 're']],
    [['booklet', '--format', 'docx', 're']],
    [['report', '--format', 'html', 're']],
  ])('%j prints errors only: its warnings stay unlocated', async (args) => {
    expect(await askedQuiet(args)).toBe(true);
  });

  it.each([[['validate', 're']], [['status', 're']]])('%j prints the warnings: located', async (args) => {
    expect(await askedQuiet(args)).toBe(false);
  });
});
