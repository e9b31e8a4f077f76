import { describe, expect, it } from 'vitest';
import { runCli, runBin, WS } from '../helpers.js';

/**
 * One fixture per kind of mistake (test/fixtures/ws/mistakes/), each with the exact position and the
 * message a researcher reads. The workspace root (capi.config.yaml) holds one valid OSIM and RE sheet.
 */
const cases: Array<{ file: string; at: string; code: string; message: RegExp; count?: number }> = [
  { file: 'unknown-key.yaml', at: '17:1', code: 'schema.unknown-key', message: /Clé inconnue « contributon » dans la fiche\. Vouliez-vous dire « contributions » \?/ },
  { file: 'wrong-enum-value.yaml', at: '4:9', code: 'schema.enum', message: /« validé » n'est pas une valeur permise pour « statut »\. Valeurs permises : brouillon, soumise, a-reviser, validee\. Vouliez-vous dire « validee » \?/ },
  { file: 'arabic-quote-without-translation.yaml', at: '21:9', code: 'schema.quote-without-translation', message: /Citation en arabe sans traduction française\. Ajoutez « traduction: »/ },
  { file: 'missing-title.yaml', at: '1:1', code: 'schema.required', message: /Champ obligatoire « titre » manquant dans la fiche/ },
  { file: 'unknown-osim.yaml', at: '13:5', code: 'link.unknown-osim', message: /Aucune fiche OSIM « OSIM-FR-1 » dans l'espace de travail\. Vouliez-vous dire « OSIM-FR-01 » \?/ },
  { file: 'tab-indentation.yaml', at: '15:1', code: 'yaml.syntax', message: /Tabulation utilisée pour indenter/ },
  { file: 'unclosed-quote.yaml', at: '21:16', code: 'yaml.syntax', message: /guillemet/ },
  { file: 'duplicate-key.yaml', at: '5:1', code: 'yaml.duplicate-key', message: /La clé « statut » apparaît deux fois dans le même bloc \(première fois ligne 4\)/ },
  { file: 'number-instead-of-text.yaml', at: '3:8', code: 'schema.type', message: /« titre » doit être un texte, pas un nombre entier\. Mettez la valeur entre guillemets/ },
  { file: 'submitted-without-sections.yaml', at: '4:9', code: 'schema.required-for-status', message: /statut « soumise » doit avoir ces sections remplies : contexte, description, contributions, valeur_ajoutee, enseignements\./ },
  { file: 'no-enqueteur.yaml', at: '5:1', code: 'schema.no-enqueteur', message: /Aucun auteur n'a le rôle « enqueteur »/ },
  { file: 'invalid-date.yaml', at: '18:10', code: 'schema.format', message: /« 2023-13-45 » n'est pas une date valide pour « debut »\. Écrivez la date sous la forme AAAA-MM-JJ/ },
  { file: 'unknown-kind.yaml', at: '1:8', code: 'schema.no-kind', message: /la clé « fiche » doit valoir « retour-experience » ou « osim »/ },
  { file: 'photo-outside-workspace.yaml', at: '27:14', code: 'schema.photo-path', message: /Chemin de photo refusé : « \/etc\/passwd\.png »/ },
  { file: 'wrong-province-type.yaml', at: '11:5', code: 'schema.type', message: /« province » doit être un texte, pas une liste\./ },
  { file: 'utf16-notepad.yaml', at: '1:1', code: 'file.utf16', message: /encodé en UTF-16.*Réenregistrez-le en UTF-8/ },
  { file: 'empty.yaml', at: '1:1', code: 'file.empty', message: /Fichier vide/ },
  { file: 'latin1-ansi.yaml', at: '3:18', code: 'file.not-utf8', message: /pas enregistré en UTF-8 \(sans doute en « ANSI » \/ Latin-1.*Réenregistrez-le en UTF-8/ },
  { file: 'binary-with-nul.yaml', at: '1:1', code: 'file.binary', message: /octets binaires.*retirez-le du dossier des fiches/ },
  { file: 'value-starting-with-star.yaml', at: '3:14', code: 'yaml.syntax', message: /commence par .*« \* ».*mettez-la entre guillemets/ },
  { file: 'yaml-1-1-directive.yaml', at: '1:1', code: 'yaml.version', message: /La directive « %YAML 1\.1 » n'est pas prise en charge.*Supprimez la ligne/ },
  { file: 'colon-in-text.yaml', at: '3:8', code: 'yaml.syntax', message: /contient « : » suivi d'un espace.*mettez toute la valeur entre guillemets/ },
  { file: 'value-starting-with-at.yaml', at: '3:8', code: 'yaml.syntax', message: /Une valeur ne peut pas commencer par « @ » en YAML\. Mettez toute la valeur entre guillemets/ },
];

describe('capi validate: one fixture per kind of mistake', () => {
  for (const c of cases) {
    it(`${c.file} → ${c.at} ${c.code}`, async () => {
      const { code, stdout } = await runCli(['validate', `mistakes/${c.file}`, '--format', 'json'], { cwd: WS });
      expect(code).toBe(1);
      const report = JSON.parse(stdout) as { diagnostics: Array<{ file: string; line: number; column: number; code: string; message: string; hint: string | null; severity: string }> };
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      // one mistake, one message
      expect(errors).toHaveLength(1);
      const [d] = errors;
      expect(d.file).toBe(`mistakes/${c.file}`);
      expect(`${d.line}:${d.column}`).toBe(c.at);
      expect(d.code).toBe(c.code);
      expect(`${d.message} ${d.hint ?? ''}`).toMatch(c.message);
    });
  }

  it('warns when « # » glued to a word cuts a text value (YAML comment), without failing', async () => {
    const { code, stdout } = await runCli(['validate', 'mistakes/hash-in-text.yaml', '--format', 'json'], { cwd: WS });
    expect(code).toBe(0);
    const d = JSON.parse(stdout).diagnostics.find((x: { code: string }) => x.code === 'yaml.comment-in-text');
    expect(`${d.line}:${d.column} ${d.severity} ${d.message}`).toBe("3:23 warning Le texte « L'eau au douar » est coupé ici : YAML lit la suite de la ligne après « # » comme un commentaire, et elle est perdue.");
  });

  it('reads an unquoted alias-like value as a mistake, not as an alias bomb', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/capi-alias-`);
    writeFileSync(`${dir}/a.yaml`, 'fiche: osim\nid: *eau\n');
    const { stdout } = await runCli(['validate', 'a.yaml', '--format', 'json'], { cwd: dir });
    const [d] = JSON.parse(stdout).diagnostics;
    expect(`${d.line}:${d.column} ${d.code}`).toBe('2:5 yaml.alias-as-text');
    expect(d.message).toBe('« *eau » : une valeur qui commence par « * » est lue comme un renvoi YAML (alias), pas comme du texte.');
  });

  it('shows the line of a syntax error with a caret under the column', async () => {
    const { stdout } = await runCli(['validate', 'mistakes/unclosed-quote.yaml'], { cwd: WS });
    expect(stdout).toContain('mistakes/unclosed-quote.yaml:21:16  erreur  Un caractère manque');
    expect(stdout).toContain('  21 |       - texte: "الماء هو الحياة\n     |                ^\n');
  });

  it('removes control characters and turns Arabic presentation forms into letters, with a warning each', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/capi-ctl-`);
    writeFileSync(`${dir}/a.yaml`, 'fiche: osim\nid: OSIM-FR-01\nstatut: validee\nenseignements: "Bien\u0007 fait \uFEF7"\n');
    const { stdout } = await runCli(['validate', 'a.yaml', '--format', 'json'], { cwd: dir });
    const codes = JSON.parse(stdout).diagnostics.filter((d: { code: string }) => d.code.startsWith('text.')).map((d: { code: string; line: number; column: number }) => `${d.line}:${d.column} ${d.code}`);
    expect(codes).toEqual(['4:21 text.control-char', '4:28 text.presentation-forms']);
  });

  it('prints file:line:column  severity  message in text format', async () => {
    const { code, stdout, stderr } = await runCli(['validate', 'mistakes/wrong-enum-value.yaml'], { cwd: WS });
    expect(code).toBe(1);
    expect(stdout.split('\n').find((l) => l.includes('  erreur  '))).toBe(
      'mistakes/wrong-enum-value.yaml:4:9  erreur  « validé » n\'est pas une valeur permise pour « statut ». Valeurs permises : brouillon, soumise, a-reviser, validee. Vouliez-vous dire « validee » ?',
    );
    expect(stderr).toMatch(/1 fiche vérifiée : 1 erreur, 1 avertissement/);
  });

  it('names both files of a duplicate id', async () => {
    const { code, stdout } = await runCli(['validate', '--format', 'json'], { cwd: `${WS}-dup` });
    expect(code).toBe(1);
    const dups = (JSON.parse(stdout).diagnostics as Array<{ file: string; line: number; column: number; code: string; message: string }>).filter((d) => d.code === 'link.duplicate-id');
    expect(dups.map((d) => `${d.file}:${d.line}:${d.column}`).sort()).toEqual(['a/RE-TIZ-01.yaml:3:5', 'b/RE-TIZ-01.yaml:3:5']);
    expect(dups.find((d) => d.file === 'a/RE-TIZ-01.yaml')?.message).toBe("L'identifiant « RE-TIZ-01 » est déjà utilisé par b/RE-TIZ-01.yaml:3.");
  });

  it('checks a single file against the whole workspace (duplicate found from one file)', async () => {
    const { code, stdout } = await runCli(['validate', 'b/RE-TIZ-01.yaml', '--format', 'json'], { cwd: `${WS}-dup` });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).diagnostics.map((d: { code: string }) => d.code).filter((c: string) => !c.startsWith('next.'))).toEqual(['link.duplicate-id']);
  });

  it('warns when a file name differs from its id, without failing', async () => {
    const { code, stdout } = await runCli(['validate', 'mistakes/wrong-enum-value.yaml', '--format', 'json'], { cwd: WS });
    const report = JSON.parse(stdout);
    expect(report.diagnostics.filter((d: { code: string; severity: string }) => d.code === 'link.file-name' && d.severity === 'warning')).toHaveLength(1);
    expect(report.warnings).toBe(1);
  });

  it('speaks English with an English LANG, and French otherwise', async () => {
    const en = await runCli(['validate', 'mistakes/unknown-key.yaml'], { cwd: WS, env: { LANG: 'en_GB.UTF-8' } });
    expect(en.stdout).toMatch(/17:1  error  Unknown key « contributon »/);
    const fr = await runCli(['validate', 'mistakes/unknown-key.yaml'], { cwd: WS, env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toMatch(/17:1  erreur  Clé inconnue « contributon »/);
    const forced = await runCli(['validate', 'mistakes/unknown-key.yaml', '--lang', 'fr'], { cwd: WS, env: { LANG: 'en_GB.UTF-8' } });
    expect(forced.stdout).toMatch(/erreur  Clé inconnue/);
  });

  it('speaks English with --lang en', async () => {
    const { stdout } = await runCli(['validate', 'mistakes/unknown-key.yaml', '--lang', 'en'], { cwd: WS });
    expect(stdout).toMatch(/mistakes\/unknown-key\.yaml:17:1  error  Unknown key « contributon »/);
  });
});

describe('capi validate: exit codes through the real binary', () => {
  it('exits 0 on the valid workspace sheets', () => {
    const r = runBin(['validate', 're', 'osim'], { cwd: WS });
    expect(r.stderr).toMatch(/2 fiches vérifiées : 0 erreur/);
    expect(r.code).toBe(0);
  });
  it('exits 1 on errors in the sheets', () => {
    expect(runBin(['validate', 'mistakes/unknown-key.yaml'], { cwd: WS }).code).toBe(1);
  });
  it('exits 2 without a stack trace for a path that does not exist', () => {
    const r = runBin(['validate', 'nulle-part'], { cwd: WS });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("capi : « nulle-part » n'existe pas.\n");
  });
  it('exits 2 for an unknown option', () => {
    const r = runBin(['validate', '--formt', 'json'], { cwd: WS });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('validates the example workspace: no error; warnings only on the sheets still in progress', () => {
    const r = runBin(['validate', 'examples', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { errors: number; diagnostics: Array<{ file: string; severity: string }> };
    expect(report.errors).toBe(0);
    // the a-reviser sheets (sent back on purpose) and the draft carry the coordinator's remarks
    expect([...new Set(report.diagnostics.map((d) => d.file))].sort()).toEqual(['examples/re/RE-AGA-01.yaml', 'examples/re/RE-CHT-03.yaml', 'examples/re/RE-TAR-03.yaml']);
  });
});
