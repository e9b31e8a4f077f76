import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { applyReview, EditError } from '../../src/edit/review.js';
import { ROOT, runCli } from '../helpers.js';

const example = (id: string) => readFileSync(path.join(ROOT, 'examples/re', `${id}.yaml`), 'utf8');

/** The lines that differ between two texts, as [line number, before, after] (same line count assumed after insertions are removed). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const removed = a.filter((l, i) => !b.includes(l) || a.slice(0, i + 1).filter((x) => x === l).length > b.filter((x) => x === l).length);
  const added = b.filter((l, i) => !a.includes(l) || b.slice(0, i + 1).filter((x) => x === l).length > a.filter((x) => x === l).length);
  return { removed, added };
}

describe('applyReview: in-place edits that keep everything else', () => {
  it('changes only the status, the review lines and the resolved flags (comments, order, quoting kept)', async () => {
    const before = example('RE-AGA-01');
    const after = applyReview(before, { statut: 'validee', decision: 'validee', relecteur: 'Leïla Haddad', date: '2026-11-29', resolve: [1, 2, 3, 4] });
    const { removed, added } = changedLines(before, after);
    expect(removed).toEqual(['statut: a-reviser', '  relecteur: Karima El Moudden', '  date: 2022-09-12', '  decision: a-reviser', '      resolu: false', '      resolu: false', '      resolu: false', '      resolu: false']);
    expect(added).toEqual(['statut: validee', '  relecteur: Leïla Haddad', '  date: 2026-11-29', '  decision: validee', '      resolu: true', '      resolu: true', '      resolu: true', '      resolu: true']);
    // every comment line of the researcher is still there
    for (const line of before.split('\n').filter((l) => l.trimStart().startsWith('#'))) expect(after).toContain(line);
    expect(after.split('\n').length).toBe(before.split('\n').length);
  });

  it('keeps CRLF line endings and a byte-order mark, and appends a new review block in the same style', async () => {
    const before = '\uFEFF' + example('RE-TIZ-01').replace(/\n/g, '\r\n');
    const after = applyReview(before, { statut: 'a-reviser', decision: 'a-reviser', relecteur: 'L. Haddad', date: '2026-11-29', comment: { champ: 'perceptions.0.citations', texte: 'Traduction : à revoir, « mot à mot » #2' } });
    expect(after.startsWith('\uFEFF')).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after.startsWith(before.slice(0, before.indexOf('statut:')))).toBe(true);
    const data = parse(after.slice(1));
    expect(data.revue).toEqual({ relecteur: 'L. Haddad', date: '2026-11-29', decision: 'a-reviser', commentaires: [{ champ: 'perceptions.0.citations', texte: 'Traduction : à revoir, « mot à mot » #2', resolu: false }] });
    // everything before the new block is unchanged but the status line
    const { removed } = changedLines(before, after);
    expect(removed).toEqual(['statut: validee\r']);
  });

  it('appends a comment after the existing ones with their indentation', async () => {
    const before = example('RE-TAR-03');
    const after = applyReview(before, { comment: { champ: 'contexte', texte: 'Précisez la date de fermeture.' } });
    const data = parse(after);
    const last = data.revue.commentaires.at(-1);
    expect(last).toEqual({ champ: 'contexte', texte: 'Précisez la date de fermeture.', resolu: false });
    expect(changedLines(before, after).removed).toEqual([]);
  });

  it('adds the date and decision to a review block that has only a reviewer and comments (keys in another order)', async () => {
    const text = 'fiche: osim\nstatut: a-reviser\nrevue:\n  relecteur: Nadia\n  commentaires:\n    - champ: contexte\n      texte: Précisez.\n      resolu: true\n';
    const out = applyReview(text, { statut: 'validee', decision: 'validee', relecteur: 'Nadia', date: '2026-03-02' });
    expect(parse(out)).toEqual({ fiche: 'osim', statut: 'validee', revue: { relecteur: 'Nadia', date: '2026-03-02', decision: 'validee', commentaires: [{ champ: 'contexte', texte: 'Précisez.', resolu: true }] } });
    expect(out.endsWith('    - champ: contexte\n      texte: Précisez.\n      resolu: true\n')).toBe(true);
  });

  it('refuses what it cannot edit safely, leaving the text alone', async () => {
    expect(() => applyReview('fiche: osim\nrevue: { relecteur: X }\n', { relecteur: 'Y' })).toThrow(EditError);
    expect(() => applyReview('- a\n- b\n', { statut: 'soumise' })).toThrow(EditError);
    expect(() => applyReview(example('RE-AGA-01'), { resolve: [99] })).toThrow(EditError);
  });
});

describe('capi review', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'capi-review-'));
    cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (s) => !s.includes(`${path.sep}dist`) });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));
  const file = (id: string) => path.join(ws, 're', `${id}.yaml`);

  it('sends a sheet back with a comment on a field, then the researcher resolves it and it is validated', async () => {
    const r1 = await runCli(['review', 're/RE-TIZ-01.yaml', '--statut', 'a-reviser', '--commentaire', 'Ajoutez le nombre de branchements en 2023.', '--champ', 'contributions', '--relecteur', 'Leïla Haddad', '--date', '2026-11-29'], { cwd: ws });
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    expect(r1.stdout).toBe('re/RE-TIZ-01.yaml : statut validee → a-reviser ; commentaire n° 1 ajouté sur « contributions ».\n');
    let data = parse(readFileSync(file('RE-TIZ-01'), 'utf8'));
    expect(data.statut).toBe('a-reviser');
    expect(data.revue).toMatchObject({ relecteur: 'Leïla Haddad', date: '2026-11-29', decision: 'a-reviser' });
    // validating with the comment open is refused and changes nothing
    const before = readFileSync(file('RE-TIZ-01'), 'utf8');
    const r2 = await runCli(['review', 're/RE-TIZ-01.yaml', '--statut', 'validee'], { cwd: ws });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/Le commentaire de relecture n° 1 est encore ouvert sur une fiche validée/);
    expect(readFileSync(file('RE-TIZ-01'), 'utf8')).toBe(before);
    const r3 = await runCli(['review', 're/RE-TIZ-01.yaml', '--resoudre', '1'], { cwd: ws });
    expect(r3.code).toBe(0);
    const r4 = await runCli(['review', 're/RE-TIZ-01.yaml', '--statut', 'validee'], { cwd: ws });
    expect(r4.code).toBe(0);
    data = parse(readFileSync(file('RE-TIZ-01'), 'utf8'));
    expect(data.statut).toBe('validee');
    expect(data.revue.commentaires[0].resolu).toBe(true);
    expect((await runCli(['validate', 're/RE-TIZ-01.yaml'], { cwd: ws })).code).toBe(0);
  });

  it('refuses to submit a sheet that fails the quality check, listing why', async () => {
    const r = await runCli(['review', 're/RE-CHT-03.yaml', '--statut', 'soumise'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/re\/RE-CHT-03\.yaml:\d+:\d+  erreur  /);
    expect(r.stderr).toMatch(/pas de passage au statut « soumise »/);
    expect(parse(readFileSync(file('RE-CHT-03'), 'utf8')).statut).toBe('brouillon');
  });

  it('explains impossible transitions, unknown fields, missing reviewer, and exits 2', async () => {
    const a = await runCli(['review', 're/RE-CHT-03.yaml', '--statut', 'validee', '--relecteur', 'X'], { cwd: ws });
    expect(a.code).toBe(2);
    expect(a.stderr).toBe('capi : Une fiche « brouillon » ne peut pas passer à « validee ». Statuts possibles : soumise.\n');
    const b = await runCli(['review', 're/RE-TIZ-01.yaml', '--commentaire', 'x', '--champ', 'contribution', '--relecteur', 'X'], { cwd: ws });
    expect(b.stderr).toMatch(/Champ inconnu « contribution ».*Vouliez-vous dire « contributions » \?/);
    const c = await runCli(['review', 're/RE-TIZ-01.yaml', '--commentaire', 'x', '--champ', 'contexte'], { cwd: ws });
    expect(c.stderr).toMatch(/Indiquez qui relit avec --relecteur/);
    const d = await runCli(['review', 're/RE-TIZ-01.yaml', '--resoudre', '3'], { cwd: ws });
    expect(d.stderr).toMatch(/Pas de commentaire n° 3 : la fiche en a 0/);
    expect(readFileSync(file('RE-TIZ-01'), 'utf8')).toBe(example('RE-TIZ-01'));
  });

  it('keeps each comment\'s own author and date when another reviewer comments later', async () => {
    await runCli(['review', 're/RE-TIZ-01.yaml', '--statut', 'a-reviser', '--commentaire', 'Premier.', '--champ', 'contexte', '--relecteur', 'Karima El Moudden', '--date', '2026-11-01'], { cwd: ws });
    await runCli(['review', 're/RE-TIZ-01.yaml', '--commentaire', 'Second.', '--champ', 'perceptions.0', '--relecteur', 'Leïla Haddad', '--date', '2026-11-29'], { cwd: ws });
    const data = parse(readFileSync(file('RE-TIZ-01'), 'utf8'));
    expect(data.revue.commentaires.map((c: { auteur: string; date: string }) => `${c.auteur} ${c.date}`)).toEqual(['Karima El Moudden 2026-11-01', 'Leïla Haddad 2026-11-29']);
  });

  it('refuses dates that do not exist, paths that do not exist, the same status and non-numbers', async () => {
    const before = readFileSync(file('RE-TIZ-01'), 'utf8');
    const a = await runCli(['review', 're/RE-TIZ-01.yaml', '--statut', 'a-reviser', '--relecteur', 'A', '--date', '2026-13-45'], { cwd: ws });
    expect(a.stderr).toBe('capi : Date « 2026-13-45 » invalide : écrivez AAAA-MM-JJ.\n');
    const b = await runCli(['review', 're/RE-TIZ-01.yaml', '--commentaire', 'x', '--champ', 'perceptions.99', '--relecteur', 'A'], { cwd: ws });
    expect(b.stderr).toBe("capi : Le champ « perceptions.99 » n'existe pas dans la fiche : « perceptions » a les éléments 0 à 5, pas « 99 ». Par exemple : perceptions.0.\n");
    // the example is a path of this sheet, never the path refused (it was always perceptions.0.citations)
    const e = await runCli(['review', 're/RE-TIZ-01.yaml', '--commentaire', 'x', '--champ', 'perceptions.0.citation', '--relecteur', 'A'], { cwd: ws });
    expect(e.stderr).toBe("capi : Le champ « perceptions.0.citation » n'existe pas dans la fiche (« citation » introuvable dans « perceptions.0 », qui a : type_acteur, appreciation, points, preuves, citations). Par exemple : perceptions.0.citations.\n");
    expect(e.code).toBe(2);
    const c = await runCli(['review', 're/RE-TIZ-01.yaml', '--statut', 'validee'], { cwd: ws });
    expect(c.stderr).toBe('capi : La fiche est déjà au statut « validee ».\n');
    const d = await runCli(['review', 're/RE-AGA-01.yaml', '--resoudre', 'abc'], { cwd: ws });
    expect(d.stderr).toMatch(/« abc » n'est pas un numéro de commentaire/);
    for (const r of [a, b, c, d]) expect(r.code).toBe(2);
    expect(readFileSync(file('RE-TIZ-01'), 'utf8')).toBe(before);
  });

  it('without a terminal and without an action, says what to give', async () => {
    const r = await runCli(['review', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Rien à faire : indiquez --statut, --commentaire/);
  });

  it('keeps CRLF when the researcher works on Windows', async () => {
    writeFileSync(file('RE-TIZ-02'), example('RE-TIZ-02').replace(/\n/g, '\r\n'));
    const r = await runCli(['review', 're/RE-TIZ-02.yaml', '--statut', 'a-reviser', '--relecteur', 'L', '--commentaire', 'ok', '--champ', 'contexte'], { cwd: ws });
    expect(r.code).toBe(0);
    const text = readFileSync(file('RE-TIZ-02'), 'utf8');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
