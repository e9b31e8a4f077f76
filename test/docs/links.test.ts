import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/** The Markdown files a reader opens: the README, the guides and references of docs/, the project files. */
const FILES = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Relative link targets of a Markdown text (`[text](target)`), without their #anchor. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('the documentation', () => {
  it('keeps the README to a few screens: what capi is, set-up, a tour, links', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(120);
    // the two commands CI runs, as the README gives them
    expect(readme).toMatch(/^bash scripts\/setup\.sh/m);
    expect(readme).toMatch(/^npm test/m);
  });

  for (const file of FILES) {
    it(`${file}: every relative link leads to a file of the repository`, () => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const broken = relativeLinks(text).filter((target) => !existsSync(path.resolve(ROOT, path.dirname(file), target)));
      expect(broken).toEqual([]);
    });
  }
});
