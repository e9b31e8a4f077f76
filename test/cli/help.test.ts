import { describe, expect, it } from 'vitest';
import { runBin, runCli } from '../helpers.js';

const COMMANDS = ['validate', 'render', 'report', 'booklet', 'links', 'review', 'status', 'new', 'schema', 'init', 'doctor', 'completion'];

/**
 * English that commander writes by itself: titles, the usage words, the choice and default notes,
 * its own help line, and a colon glued to a word (French puts a space before it).
 */
const ENGLISH = [/\bUsage\b/, /\bCommands\b/, /\[command\]/, /\bchoices\b/, /\bdefault\b/, /\bpreset\b/, /display help/, /\bhelp for\b/, /[A-Za-zéè)]:(\s|$)/m];

function english(text: string): string[] {
  return ENGLISH.filter((re) => re.test(text)).map(String);
}

describe('help in French, all of it', () => {
  it('capi --help, render --help and new --help (the real program): no English word of commander', () => {
    const shown = new Map<string, string>();
    for (const args of [['--help'], ['render', '--help'], ['new', '--help']]) {
      const r = runBin(args);
      expect(r.code).toBe(0);
      expect(english(r.stdout), `capi ${args.join(' ')}:\n${r.stdout}`).toEqual([]);
      shown.set(args.join(' '), r.stdout);
    }
    // (the same runs: a process each is ~0.6 s of CPU)
    const top = shown.get('--help')!;
    expect(top).toMatch(/^Utilisation : capi \[options\] \[commande\]$/m);
    expect(top).toMatch(/^Commandes :$/m);
    expect(top).toMatch(/\(choix : "fr", "en"\)/);
    const render = shown.get('render --help')!;
    expect(render).toMatch(/^Utilisation : capi render \[options\] \[chemins\.\.\.\]$/m);
    expect(render).toMatch(/\(choix\s+:\s+"interne",\s+"publique"\)/);
    expect(render).toMatch(/dossier de sortie, relatif au dossier courant \(par\s+défaut\s+:\s+«\s+sortie\s+»\s+de\s+capi\.config\.yaml/);
  });

  it('every command\'s help, arguments with choices included (completion <shell>)', async () => {
    for (const command of COMMANDS) {
      const r = await runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Utilisation : capi ${command} `, 'm'));
      expect(english(r.stdout), `capi ${command} --help:\n${r.stdout}`).toEqual([]);
    }
    expect((await runCli(['completion', '--help'])).stdout).toMatch(/shell : bash ou zsh \(choix : "bash", "zsh"\)/);
  });

  it('English with --lang en', async () => {
    const r = await runCli(['--lang', 'en', 'render', '--help']);
    expect(r.stdout).toMatch(/^Usage: capi render \[options\] \[chemins\.\.\.\]$/m);
    expect(r.stdout).toMatch(/\(choices:\s+"interne",\s+"publique"\)/);
    expect((await runCli(['--lang', 'en', '--help'])).stdout).toMatch(/^Usage: capi \[options\] \[command\]$/m);
  });
});
