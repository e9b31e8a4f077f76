import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';
import { checkPaths, type CheckResult } from '../../src/link/check.js';
import { buildView, viewContext } from '../../src/view/index.js';
import { buildDoubleRegardView } from '../../src/view/double-regard.js';
import { buildReportView } from '../../src/view/report.js';
import { bookletConfig, buildBookletView } from '../../src/view/booklet.js';
import { fieldLabel } from '../../src/view/review-summary.js';
import { documentText } from '../../src/view/locale.js';
import { coarsenPersonalDetails, findPersonalDetails } from '../../src/util/personal-data.js';
import { fr } from '../../src/i18n/document/fr.js';
import { en } from '../../src/i18n/document/en.js';
import type { Block, SheetView } from '../../src/view/model.js';
import type { ReSheet } from '../../src/types/index.js';

/** Every string a renderer prints from a view (all but `source`, the file path kept for tools). */
function printed(value: unknown, key = ''): string[] {
  // `source` (the file, kept for tools) and ids (anchors and file names) are not printed as text
  if (key === 'source' || key === 'file' || key === 'path' || key === 'id') return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => printed(v));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => printed(v, k));
  return [];
}

/** What no publication may print: the tool's name, a sheet file, « (s) » plurals. */
const TOOL_OUTPUT = [/\bcapi\b/i, /\.ya?ml\b/, /\(s\)/, /\bre\/RE-/, /rapport-deroulement|double-regard-OSIM/];

function expectNoToolOutput(view: unknown): void {
  // one expect for the whole view, naming each text and what it matched (an expect per string and
  // pattern, hundreds of thousands of them, took most of the file's time)
  const found = printed(view).flatMap((text) => TOOL_OUTPUT.filter((bad) => bad.test(text)).map((bad) => `« ${text} » ${bad}`));
  expect(found).toEqual([]);
}

let result: CheckResult;
const EX = path.join(ROOT, 'examples');
const DATE = new Date(Date.UTC(2026, 2, 1, 23, 30));

beforeAll(async () => {
  result = await checkPaths([EX], ROOT);
});

function views(edition: 'interne' | 'publique', review = false): Map<string, SheetView> {
  const ctx = { ...viewContext(result.sheets, result.config, '0.1.0', { edition, review }), date: DATE };
  return new Map(result.sheets.filter((s) => s.kind !== null).map((s) => [(s.data as { id: string }).id, buildView(s, ctx)]));
}

describe('colophon and page frame of the examples (every sheet, both editions)', () => {
  it('prints no tool output, no path and no « (s) », in the internal and the public edition', () => {
    for (const edition of ['interne', 'publique'] as const) for (const view of views(edition).values()) expectNoToolOutput(view);
  });

  it('has a colophon: organisation, edition date in words, version, credits, licence, citation', () => {
    const v = views('interne').get('RE-TIZ-01')!;
    expect(v.colophon.lines).toEqual([
      'Migrations & Développement',
      'Édition interne du 1er\u00a0mars 2026',
      'Version de la fiche\u00a0: validée',
      'Enquête et rédaction\u00a0: Salma Aït Lhaj',
      'Encadrement\u00a0: Karima El Moudden',
      'Licence\u00a0: CC BY 4.0',
    ]);
    // the typography of the view (typographic apostrophes, no-break spaces) is not this test's business
    const plain = (t: string) => t.replace(/’/g, "'").replace(/[\u00a0\u202f]/g, ' ');
    // cited with the sheet's own year (no review decision: its fieldwork, June 2022), not the edition's 2026
    expect(plain(v.colophon.citation)).toBe(
      "Pour citer ce document : Salma Aït Lhaj (2022). L'eau au robinet dans cinq douars d'Afella Ighir : une adduction portée par la diaspora et gérée par les usagers. Fiche retour d'expérience RE-TIZ-01. Migrations & Développement.",
    );
    expect(v.colophon.provenance).toBeUndefined();
    // a reviewed sheet: the reviewer and the date of the decision, in words
    const reviewed = views('interne').get('RE-AGA-01')!;
    expect(reviewed.colophon.lines).toContain('Version de la fiche\u00a0: à réviser (relecture du 12\u00a0septembre 2022)');
    expect(reviewed.colophon.lines).toContain('Relecture\u00a0: Karima El Moudden');
  });

  it('marks every internal page, never a public one; a draft says BROUILLON', () => {
    const internal = views('interne');
    for (const v of internal.values()) expect(v.frame.internalMark).toBe('Document interne — ne pas diffuser');
    for (const v of views('publique').values()) expect(v.frame.internalMark).toBeUndefined();
    expect(internal.get('RE-CHT-03')!.frame.draftMark).toBe('BROUILLON');
    expect(internal.get('RE-TIZ-01')!.frame.draftMark).toBeUndefined();
    // the footer's reference is the sheet's id, never a file name
    expect(internal.get('RE-TIZ-01')!.frame.reference).toBe('RE-TIZ-01');
  });

  it('frames the double regard, the report and the booklet the same way', async () => {
    const ctx = { ...viewContext(result.sheets, result.config, '0.1.0', { edition: 'interne' }), date: DATE };
    const files = new Map(result.sheets.map((s) => [(s.data as { id: string }).id, { abs: s.absPath, display: s.file }]));
    const dr = buildDoubleRegardView('OSIM-FR-06', ctx, files)!;
    expect(dr.frame.reference).toBe('OSIM-FR-06');
    expect(dr.colophon.citation).toMatch(/^Pour citer ce document[\u00a0\u202f ]: .+ \(2026\)\. Double regard — .+\. Double regard OSIM-FR-06\. Migrations & Développement\.$/);
    expectNoToolOutput(dr);
    const res = [...ctx.re.values()];
    const report = buildReportView(res, ctx);
    expect(report.frame).toEqual({ reference: '', internalMark: 'Document interne — ne pas diffuser' });
    expect(report.colophon.lines[0]).toBe('Migrations & Développement');
    expectNoToolOutput(report);
    const pub = { ...ctx, edition: 'publique' as const };
    const book = buildBookletView(bookletConfig(result.config), res.slice(0, 3).map((sheet) => ({ sheet, view: buildView(result.sheets.find((s) => (s.data as ReSheet).id === sheet.id)!, pub) })), pub);
    expect(book.frame.internalMark).toBeUndefined();
    expect(book.colophon.citation).toMatch(/Recueil de 3 fiches\. Migrations & Développement\.$/);
    expectNoToolOutput({ colophon: book.colophon, labels: book.labels, entries: await Promise.all(book.entries.map((e) => e.view())) });
  });

  it('takes the licence from capi.config.yaml', () => {
    const ctx = { ...viewContext(result.sheets, { ...result.config, licence: 'CC BY-NC-SA 4.0' }, '0.1.0'), date: DATE };
    const v = buildView(result.sheets.find((s) => (s.data as { id: string }).id === 'RE-TIZ-01')!, ctx);
    expect(v.colophon.lines).toContain('Licence\u00a0: CC BY-NC-SA 4.0');
  });

  it('has no « (s) » in any label of the document catalogues', () => {
    for (const cat of [fr, en]) for (const [key, text] of Object.entries(cat.labels)) expect(text, key).not.toMatch(/\(s\)/);
  });
});

describe('review edition', () => {
  it('opens with a review summary and names fields by their French labels, never raw paths', () => {
    const v = views('interne', true).get('RE-AGA-01')!;
    const first = v.sections[0]!;
    expect(first.title).toBe('Synthèse de la relecture');
    const fields = first.blocks[0] as Extract<Block, { type: 'fields' }>;
    expect(fields.rows).toEqual([
      { label: 'Relecteur·rice', value: 'Karima El Moudden' },
      { label: 'Date de la décision', value: '12\u00a0septembre 2022' },
      { label: 'Décision', value: 'À réviser' },
      { label: 'Commentaires ouverts', value: expect.stringMatching(/^\d+$/) },
      { label: 'Commentaires résolus', value: expect.stringMatching(/^\d+$/) },
    ]);
    const table = first.blocks[1] as Extract<Block, { type: 'table' }>;
    expect(table.rows[0]!.slice(0, 2)).toEqual(['1', 'Perceptions des acteurs locaux n°\u00a04']);
    const all = printed(v).join('\n');
    expect(all).not.toMatch(/\bperceptions\.\d/);
    const comments = v.sections.flatMap((s) => [...(s.comments ?? []), ...s.children.flatMap((c) => c.comments ?? [])]);
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) expect(c.field).not.toMatch(/\.\d|_/);
    // the review edition, and it only, says where the document comes from
    expect(v.colophon.provenance).toBe('Source\u00a0: examples/re/RE-AGA-01.yaml · produit avec capi 0.1.0 (édition de relecture)');
  });

  it('names nested fields through the schema references', () => {
    const doc = documentText('fr');
    expect(fieldLabel(doc, 're', 'perceptions.0.citations')).toBe('Perceptions des acteurs locaux n°\u00a01 › Citations');
    expect(fieldLabel(doc, 're', 'collecte.acteurs_non_entendus')).toMatch(/^Collecte sur le terrain › \S/);
    expect(fieldLabel(doc, 're', 'contexte')).toBe('Contexte');
    expect(fieldLabel(doc, 're', 'inconnu.2')).toBe('inconnu n°\u00a03');
  });
});

describe('public edition protects people', () => {
  const cases: Array<[string, string]> = [
    ["Selon Fatima, présidente de l'association de Tizi, l'eau arrive.", 'Selon une présidente d’une association locale, l\'eau arrive.'],
    ['Mme Fatima, trésorière, dit.', 'une trésorière, dit.'],
    ["Hassan Ouali, élu de la commune d'Afella Ighir, le confirme.", 'un élu de la commune, le confirme.'],
    ["Le président de l'association Tagmat de Tizi a signé.", 'Le président d’une association locale a signé.'],
    ['le fontainier de Tagoudicht forme ses collègues', 'le fontainier du douar forme ses collègues'],
    ['Appeler le +212 6 12 34 56 78 ou le 0528860000.', 'Appeler le [X] ou le [X].'],
    ['Écrire à fatima.ait@gmail.com avant.', 'Écrire à [X] avant.'],
  ];
  it.each(cases)('coarsens « %s »', (text, expected) => {
    expect(coarsenPersonalDetails(text, '[X]')).toBe(expected);
  });
  it('leaves alone what names no one: functions without a place, numbers, years, amounts', () => {
    for (const text of ['La présidente nous a reçus.', 'Le budget est de 2 750 000 MAD.', 'Entre 2015 et 2018, 1 430 bénéficiaires.', 'Période 2019-2021.']) {
      expect(findPersonalDetails(text)).toEqual([]);
      expect(coarsenPersonalDetails(text, '[X]')).toBe(text);
    }
  });
});

describe('capi validate --edition publique', () => {
  let ws: string;
  beforeAll(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'capi-frame-'));
    cpSync(EX, ws, { recursive: true });
    const file = path.join(ws, 're/RE-TIZ-01.yaml');
    const text = readFileSync(file, 'utf8').replace(
      /^contexte: [|>]-?\n/m,
      (m) => `${m}  Fatima, présidente de l'association de Tizi, nous a reçus avec le fontainier de Tagoudicht.\n`,
    );
    writeFileSync(file, text);
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('warns about each personal detail at its own line:column, in French, with how to fix it', async () => {
    const lines = readFileSync(path.join(ws, 're/RE-TIZ-01.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('Fatima, présidente')) + 1;
    expect(line).toBeGreaterThan(0);
    const col = (s: string) => lines[line - 1]!.indexOf(s) + 1;
    const r = await runCli(['validate', '--edition', 'publique', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`re/RE-TIZ-01.yaml:${line}:${col('Fatima')}  avertissement  Personne nommée avec sa fonction\u00a0: « Fatima, présidente de l'association de Tizi ». Dans une fiche, désignez la personne par sa seule fonction`);
    expect(r.stdout).toContain(`re/RE-TIZ-01.yaml:${line}:${col('le fontainier')}  avertissement  Fonction rattachée à un lieu nommé, qui désigne une seule personne\u00a0: « le fontainier de Tagoudicht ». Généralisez l’attribution`);
    // authors' e-mail addresses are not text of the sheet: never flagged
    expect(r.stdout).not.toContain('salma.aitlhaj@example.org');
    // without --edition publique, no such warning
    const plain = await runCli(['validate', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(plain.stdout).not.toContain('Personne nommée');
  });

  it('refuses an unknown edition (usage error, exit 2)', async () => {
    const r = await runCli(['validate', '--edition', 'privee', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(r.code).toBe(2);
  });
});
