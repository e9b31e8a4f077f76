import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runCli } from '../helpers.js';

const bash = (script: string, line: string[]) => {
  const words = line.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _capi_completion; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
};

describe('capi completion', () => {
  it('prints a bash script with every command and its options, taken from the program', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    for (const word of ['validate', 'render', 'booklet', 'doctor', 'completion', '--format', '--watch', '--edition']) expect(r.stdout).toContain(word);
    expect(r.stdout).toMatch(/complete -o default -F _capi_completion capi/);
    expect(spawnSync('bash', ['-n'], { input: r.stdout }).status).toBe(0);
  });

  it('completes commands, options and option values in bash', async () => {
    const script = (await runCli(['completion', 'bash'])).stdout;
    expect(bash(script, ['capi', 're'])).toEqual(['render', 'report', 'review']);
    expect(bash(script, ['capi', 'render', '--wa'])).toEqual(['--watch']);
    expect(bash(script, ['capi', 'render', '--edition', ''])).toEqual(['interne', 'publique']);
    expect(bash(script, ['capi', 'validate', '--format', 'j'])).toEqual(['json', 'junit']);
  });

  it('prints a zsh script, and refuses other shells', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef capi/);
    expect(zsh.stdout).toContain("'render:");
    expect(zsh.stdout).toContain('--format');
    const fish = await runCli(['completion', 'fish']);
    expect(fish.code).toBe(2);
    expect(fish.stderr).toMatch(/fish/);
  });
});
