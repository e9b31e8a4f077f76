import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { checkbox, confirm, search, select } from '../../src/cli/prompts.js';
import { setLang } from '../../src/i18n/index.js';

/** A fake terminal: what the prompt draws, and a keyboard to answer it. */
function terminal() {
  const input = new PassThrough();
  let screen = '';
  const waiting = new Set<() => void>();
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      screen += chunk.toString();
      for (const check of waiting) check();
      done();
    },
  });
  return {
    context: { input, output, clearPromptOnDone: false },
    /** Everything drawn so far, without colours or cursor moves. */
    screen: () => stripVTControlCharacters(screen),
    type: (keys: string) => input.write(keys),
    /** How much has been drawn (a mark for `shows`). */
    drawn: () => screen.length,
    /**
     * Resolves once what is drawn from the mark `from` on matches `re`, checked at each write of the
     * prompt (no waiting for time); fails after 5 s with the screen.
     */
    shows: (re: RegExp, from = 0) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!re.test(stripVTControlCharacters(screen.slice(from)))) return;
          waiting.delete(check);
          clearTimeout(limit);
          resolve();
        };
        const limit = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`the prompt never showed ${re}; it showed:\n${stripVTControlCharacters(screen)}`));
        }, 5_000);
        waiting.add(check);
        check();
      }),
  };
}

afterEach(() => setLang('fr'));

describe('prompts in the user\'s language', () => {
  it('select: French key hints, no English left, and the answer comes back', async () => {
    setLang('fr');
    const term = terminal();
    const answer = select({ message: 'Province', choices: [{ name: 'Tiznit', value: 'TIZ' }, { name: 'Taroudant', value: 'TAR' }] }, term.context);
    await term.shows(/⏎/);
    expect(term.screen()).toMatch(/↑↓ naviguer • ⏎ choisir/);
    expect(term.screen()).not.toMatch(/navigate|select\b/);
    term.type('\u001b[B\r'); // down, enter
    expect(await answer).toBe('TAR');
  });

  it('search: French hints and « Aucun résultat » instead of « No results found »', async () => {
    const term = terminal();
    const answer = search({ message: 'Commune', source: (term_) => ['Tafraout', 'Tiznit'].filter((c) => c.toLowerCase().includes((term_ ?? '').toLowerCase())) }, term.context);
    await term.shows(/⏎/);
    expect(term.screen()).toMatch(/↑↓ naviguer • ⏎ choisir/);
    let mark = term.drawn();
    term.type('zz');
    await term.shows(/Aucun|No results/, mark);
    expect(term.screen()).toMatch(/> Aucun résultat/);
    expect(term.screen()).not.toMatch(/No results/);
    mark = term.drawn();
    term.type('\u007f\u007fTaf');
    await term.shows(/Taf[\s\S]*Tafraout/, mark);
    term.type('\r');
    expect(await answer).toBe('Tafraout');
  });

  it('checkbox: « espace cocher », « valider », and the ticked values', async () => {
    const term = terminal();
    const answer = checkbox({ message: 'Fiches OSIM', choices: [{ name: 'OSIM-FR-01', value: '01' }, { name: 'OSIM-FR-02', value: '02' }] }, term.context);
    await term.shows(/⏎/);
    expect(term.screen()).toMatch(/↑↓ naviguer • espace cocher • a tout • i inverser • ⏎ valider/);
    expect(term.screen()).not.toMatch(/navigate|submit|invert/);
    term.type(' \r');
    expect(await answer).toEqual(['01']);
  });

  it('confirm: « (O/n) » and « Oui »', async () => {
    const term = terminal();
    const answer = confirm({ message: 'Continuer ?' }, term.context);
    await term.shows(/Continuer/);
    expect(term.screen()).toMatch(/Continuer \? \(O\/n\)/);
    term.type('o\r');
    expect(await answer).toBe(true);
    expect(term.screen()).toMatch(/Oui/);
  });

  it('English with --lang en: the English hints again', async () => {
    setLang('en');
    const term = terminal();
    const answer = select({ message: 'Province', choices: ['Tiznit'] }, term.context);
    await term.shows(/⏎/);
    expect(term.screen()).toMatch(/↑↓ navigate • ⏎ select/);
    term.type('\r');
    expect(await answer).toBe('Tiznit');
  });
});

describe('every question goes through the translated prompts', () => {
  it('no command imports @inquirer/prompts directly (only src/cli/prompts.ts does)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(__dirname, '../../src');
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith(path.join('cli', 'prompts.ts')) && /['"]@inquirer\/(prompts|select|search|input|checkbox|confirm)['"]/.test(readFileSync(p, 'utf8'))) offenders.push(path.relative(dir, p));
      }
    };
    walk(dir);
    expect(offenders).toEqual([]);
  });
});
