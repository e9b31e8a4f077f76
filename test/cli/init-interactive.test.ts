/**
 * `capi init` in a terminal: @inquirer/prompts is replaced by scripted answers. Ctrl+C at a question
 * (the prompt's ExitPromptError) leaves nothing behind — not even the new workspace folder — and exits 130
 * with the same words as `capi new`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers.js';

let answers: Array<string | 'CTRL-C'> = [];
vi.mock('@inquirer/prompts', () => {
  const input = async () => {
    const next = answers.shift();
    if (next === undefined || next === 'CTRL-C') {
      const error = new Error('User force closed the prompt with SIGINT');
      error.name = 'ExitPromptError';
      throw error;
    }
    return next;
  };
  return { input, select: input, search: input, checkbox: input, confirm: input };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-init-tty-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('capi init in a terminal', () => {
  for (const [when, script] of [['at the first question', ['CTRL-C']], ['at the second question', ['Mon projet', 'CTRL-C']]] as const) {
    it(`Ctrl+C ${when}: exit 130, « Interrompu : rien n'a été écrit. », no folder, no English`, async () => {
      answers = [...script];
      const target = path.join(dir, 'fiches');
      const r = await runCli(['init', 'fiches', '--no-install'], { cwd: dir, interactive: true });
      expect(r.code).toBe(130);
      expect(r.stderr.trim()).toBe("Interrompu : rien n'a été écrit.");
      expect(existsSync(target)).toBe(false);
    });
  }

  it('writes the answers into capi.config.yaml', async () => {
    answers = ['Capitalisation Souss-Massa', 'Association Tazka'];
    const r = await runCli(['init', 'fiches', '--no-install'], { cwd: dir, interactive: true });
    expect(r.code, r.stderr).toBe(0);
    const config = readFileSync(path.join(dir, 'fiches', 'capi.config.yaml'), 'utf8');
    expect(config).toMatch(/^projet: Capitalisation Souss-Massa$/m);
    expect(config).toMatch(/^organisation: Association Tazka$/m);
  });
});
