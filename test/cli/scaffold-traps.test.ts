import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMap, isSeq, parseDocument, visit } from 'yaml';
import { ROOT, runCli } from '../helpers.js';
import { schemaAt } from '../../src/validate/schema-hints.js';

/**
 * The scaffold does not set traps (issue 13): a flow collection `{ … }` or `[ … ]` breaks on the first
 * comma of a French sentence, so neither the sheets `capi new` writes (their commented examples
 * included) nor the YAML examples of the README and docs/ use one for text; narrative fields start as
 * `|` blocks, under a guidance comment showing a paragraph and a list.
 */
let ws: string;
const sheets: Record<'re' | 'osim', string> = { re: '', osim: '' };

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-scaffold-'));
  cpSync(path.join(ROOT, 'examples/osim'), path.join(ws, 'osim'), { recursive: true });
  const osim = await runCli(['new', 'osim', '--yes', '--association', 'Tanalt, Val-d’Oise', '--siege', 'Argenteuil', '--province', 'Tiznit', '--communes', 'Tafraout', '--auteur', 'Mehdi Aznag', '--id', 'OSIM-FR-50'], { cwd: ws });
  expect(osim.code).toBe(0);
  const re = await runCli(['new', '--yes', '--titre', 'La piste, enfin : Tazka', '--province', 'Tiznit', '--commune', 'Tafraout', '--auteur', 'Salma Amrani', '--osim', 'OSIM-FR-50', '--id', 'RE-TIZ-50'], { cwd: ws });
  expect(re.code).toBe(0);
  sheets.re = readFileSync(path.join(ws, 're/RE-TIZ-50.yaml'), 'utf8');
  sheets.osim = readFileSync(path.join(ws, 'osim/OSIM-FR-50.yaml'), 'utf8');
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

/** A flow sequence is harmless only when it is empty or holds codes and ids (`[ary, zgh]`, `[OSIM-FR-01]`). */
const CODES = /^\[\s*(?:[A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)?\s*\]$/;

/** The flow collections written as values in YAML lines (comment marks removed, so examples count too), other than lists of codes. */
function flowTraps(yamlText: string): string[] {
  return yamlText
    .split('\n')
    .map((line) => line.replace(/^\s*#\s?/, ''))
    .filter((line) => {
      const m = /^\s*(?:-\s+)?(?:[\p{L}\w-]+:\s+)?([[{].*?)\s*(?:#.*)?$/u.exec(line);
      if (!m) return false;
      // a comment of prose that happens to start with a bracket is no YAML line
      if (!/^\s*(?:-\s|[\p{L}\w-]+:\s)/u.test(line)) return false;
      return !CODES.test(m[1]);
    });
}

describe('capi new writes no trap for text', () => {
  it.each(['re', 'osim'] as const)('%s: no flow collection for text, not even in the commented examples', (kind) => {
    expect(flowTraps(sheets[kind])).toEqual([]);
  });

  it.each(['re', 'osim'] as const)('%s: an empty [] only for lists of codes or of blocks, never of text lines', (kind) => {
    const doc = parseDocument(sheets[kind]);
    const empties: string[][] = [];
    visit(doc, {
      Seq(_, node, ancestors) {
        if (!node.flow) return;
        const pathKeys = ancestors.filter((a): a is { key: { value: string } } & object => typeof a === 'object' && a !== null && 'key' in a).map((p) => String((p.key as { value: unknown }).value));
        empties.push(pathKeys);
        expect(node.items, pathKeys.join('.')).toEqual([]);
      },
    });
    for (const keys of empties) {
      const items = schemaAt(kind, [...keys, '*']);
      const codes = Boolean(items.enum) || Boolean(items.anyOf) || items.type === 'object' || Boolean(items.properties);
      expect(codes, `${keys.join('.')}: [] for a list of text lines`).toBe(true);
    }
    visit(doc, { Map(_, node) { expect(node.flow ?? false).toBe(false); } });
  });

  it.each([
    ['re', ['contexte', 'valeur_ajoutee', 'contraintes', 'enseignements']],
    ['osim', ['enseignements']],
  ] as const)('%s: narrative fields start as | blocks (read as empty text), after a guide showing a paragraph and a list', (kind, keys) => {
    const text = sheets[kind];
    const data = parseDocument(text).toJS() as Record<string, unknown>;
    for (const key of keys) {
      expect(text, key).toMatch(new RegExp(`^${key}: \\|$`, 'm'));
      expect(data[key], key).toBe('');
    }
    // the guide: a `|` example with a paragraph, a blank line and a list
    expect(text).toMatch(/^# {3}enseignements: \|\n# {5}\S.*\n#\n# {5}.*:\n# {5}- .*\n# {5}- .*\n/m);
    // nested narrative fields in the examples are | blocks too
    for (const line of text.split('\n').filter((l) => /^\s*#\s+(?:- )?(?:description|preuves|etapes|ressources|conditions_reproduction|texte|traduction):/.test(l))) {
      if (/beneficiaires|nombre/.test(line)) continue;
      expect(line, line).toMatch(/: \|$|description: foyers du douar$/);
    }
  });

  it('uncommenting the narrative guide’s example gives a text with a paragraph and a list', () => {
    const lines = sheets.re.split('\n');
    const start = lines.findIndex((l) => l === '#   enseignements: |');
    const example = lines.slice(start, start + 6).map((l) => l.replace(/^# ? ?/, '')).join('\n');
    const data = parseDocument(`${example}\n`).toJS() as { enseignements: string };
    expect(data.enseignements).toMatch(/^La contribution des migrants .* : c'est un signal d'engagement\.\n\nCe qui a marché :\n- la tarification/);
  });
});

describe('the README and docs/ show no trap in their YAML examples', () => {
  const files = ['README.md', 'CONTRIBUTING.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  it.each(files)('%s', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const blocks = [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.flatMap(flowTraps)).toEqual([]);
  });
});
