import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { checkPaths } from '../../src/link/check.js';
import { diagnosticAt, isUnlocated, placeKey, relabel, relocate } from '../../src/load/located.js';
import { linkSheet, loadSheet, parseSheet, rangeOf, textIsOnDisk } from '../../src/load/sheet.js';
import { setLang } from '../../src/i18n/index.js';
import { ROOT } from '../helpers.js';

/**
 * Positions are found on first read (`diagnosticAt`): `validate -q` never builds the `yaml` document
 * of a sheet for warnings it does not print, and a printed diagnostic has the position it always had.
 */
describe('positions found on first read', () => {
  const examples = path.join(ROOT, 'examples');

  it('validate -q leaves the warnings of the examples unlocated, and counts them all', async () => {
    setLang('fr');
    const quiet = await checkPaths([examples], examples, { config: true, quiet: true });
    const full = await checkPaths([examples], examples, { config: true });
    const warnings = quiet.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.length).toBe(full.diagnostics.filter((d) => d.severity === 'warning').length);
    expect(warnings.length).toBeGreaterThan(5);
    expect(warnings.filter((d) => !isUnlocated(d)).map((d) => d.code)).toEqual([]);
    // printed, each has the position computed from the document
    for (const d of full.diagnostics) expect(d.line, d.code).toBeGreaterThan(0);
    expect(full.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(
      [...full.diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column).map((d) => `${d.file}:${d.line}:${d.column}`),
    );
  });

  it('gives the position rangeOf gives, through spreads, JSON and relabelling', () => {
    const { sheet } = parseSheet(Buffer.from('fiche: osim\nid: OSIM-FR-01\nassociation:\n  nom: A\n'), '/x.yaml', 'x.yaml');
    const d = diagnosticAt(sheet!, ['association', 'nom'], { severity: 'warning', code: 'test', message: 'm' });
    const relabelled = relabel(d, { code: 'next.test' });
    expect(isUnlocated(d)).toBe(true);
    expect(placeKey(d)).toBe(placeKey(relabelled));
    expect(isUnlocated(relabelled)).toBe(true);
    const r = rangeOf(sheet!, ['association', 'nom']);
    expect({ ...d }).toEqual({ file: 'x.yaml', line: 4, column: 8, endLine: r.endLine, endColumn: r.endColumn, severity: 'warning', code: 'test', message: 'm' });
    expect(JSON.parse(JSON.stringify(relabelled))).toMatchObject({ line: 4, column: 8, code: 'next.test' });
    expect(isUnlocated(d)).toBe(false);
    d.line = 9;
    expect(d.line).toBe(9);
  });

  it('keeps of an RE sheet what the links need (linkSheet), with the same positions, the document parsed once', () => {
    const text = 'fiche: retour-experience\nid: RE-TIZ-09\nosim: [OSIM-FR-01]\nterritoire:\n  commune: Tafraout\n  douars: [Agard]\ncontexte: |\n  Un long texte.\n';
    const { sheet } = parseSheet(Buffer.from(text), '/w/re/RE-TIZ-09.yaml', 're/RE-TIZ-09.yaml');
    const d = diagnosticAt(sheet!, ['territoire', 'commune'], { severity: 'warning', code: 'test', message: 'm' });
    const kept = linkSheet(sheet!);
    expect(kept).not.toBe(sheet);
    expect(kept.data).toEqual({ id: 'RE-TIZ-09', osim: ['OSIM-FR-01'], territoire: { commune: 'Tafraout' } });
    expect(kept).toMatchObject({ absPath: '/w/re/RE-TIZ-09.yaml', file: 're/RE-TIZ-09.yaml', kind: 're', text });
    relocate([d], kept);
    expect(isUnlocated(d)).toBe(true);
    expect({ line: d.line, column: d.column }).toEqual({ line: 5, column: 12 });
    // the document built for the kept sheet is the original's: never parsed twice
    expect(kept.doc).toBe(sheet!.doc);
    expect(rangeOf(kept, ['osim', 0])).toEqual(rangeOf(sheet!, ['osim', 0]));
    // an OSIM sheet (the links read most of it) is kept whole
    const osim = parseSheet(Buffer.from('fiche: osim\nid: OSIM-FR-01\n'), '/w/osim/OSIM-FR-01.yaml', 'osim/OSIM-FR-01.yaml').sheet!;
    expect(linkSheet(osim)).toBe(osim);
  });

  it('what the links keep of a sheet read from disk by the fast path holds no text: it reads the same text from the file when needed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-text-'));
    const sources = readdirSync(path.join(examples, 're')).map((f) => readFileSync(path.join(examples, 're', f)));
    // a BOM and decomposed accents (macOS): removed and composed in the text, as parseSheet does
    const nfd = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('fiche: osim\nid: OSIM-FR-01\nassociation:\n  nom: Association des Me\u0301tiers\n')]);
    for (const [i, bytes] of [...sources, nfd].entries()) {
      const file = path.join(dir, `s${i}.yaml`);
      writeFileSync(file, bytes);
      const { sheet } = await loadSheet(file, `s${i}.yaml`);
      const kept = linkSheet(sheet!);
      // what the links keep reads its text from the file: the same text as the sheet's
      expect(textIsOnDisk(sheet!), `s${i}`).toBe(true);
      expect(textIsOnDisk(kept), `s${i}`).toBe(true);
      const text = parseSheet(Buffer.from(bytes), file, `s${i}.yaml`).sheet!.text;
      expect(kept.text, `s${i}`).toBe(text);
      expect(sheet!.text, `s${i}`).toBe(text);
      expect(rangeOf(kept, ['id'])).toEqual(rangeOf(parseSheet(Buffer.from(bytes), file, `s${i}.yaml`).sheet!, ['id']));
    }
    expect(parseSheet(nfd, '/x.yaml', 'x.yaml').sheet!.text).toContain('Métiers\n');
    // read from the file, not held: a file rewritten after the check is what its positions are taken from
    const file = path.join(dir, 'later.yaml');
    writeFileSync(file, 'fiche: retour-experience\nid: RE-TIZ-01\n');
    const kept = linkSheet((await loadSheet(file, 'later.yaml')).sheet!);
    writeFileSync(file, '# ajouté\nfiche: retour-experience\nid: RE-TIZ-01\n');
    expect(rangeOf(kept, ['id']).line).toBe(3);
    expect((kept.data as { id: string }).id).toBe('RE-TIZ-01');
  });

  it('validate gives the same diagnostics keeping only what the links need', async () => {
    setLang('fr');
    const slim = await checkPaths([examples], examples, { config: true, sheets: 'links' });
    const whole = await checkPaths([examples], examples, { config: true });
    expect(JSON.stringify(slim.diagnostics)).toBe(JSON.stringify(whole.diagnostics));
    expect(slim.sheets.length).toBe(whole.sheets.length);
    expect(slim.sheets.some((s) => s.kind === 're' && Object.keys(s.data as object).length <= 3)).toBe(true);
  });
});
