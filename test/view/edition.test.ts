import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers.js';
import { stripInformantCodes } from '../../src/view/edition.js';

/** The quotes of the example sheets whose speakers refused publication. */
function refusedQuotes(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(path.join(ROOT, 'examples/re'))) {
    const sheet = parse(readFileSync(path.join(ROOT, 'examples/re', f), 'utf8'));
    for (const p of sheet.perceptions ?? []) for (const q of p.citations ?? []) if (!q.consentement_publication) out.push(q.texte);
  }
  return out;
}

let pub: string;
let internal: string;
beforeAll(async () => {
  pub = mkdtempSync(path.join(tmpdir(), 'capi-pub-'));
  internal = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
  // the public edition publishes validated sheets only: the others are named and left out (not a failure)
  const r = await runCli(['render', 'examples', '--edition', 'publique', '--format', 'html,docx', '--out', pub]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/examples\/re\/RE-CHT-03\.yaml : non publiée dans l'édition publique \(statut « brouillon »\)/);
  expect((await runCli(['render', 'examples', '--format', 'html', '--out', internal])).code).toBe(0);
});
afterAll(() => {
  rmSync(pub, { recursive: true, force: true });
  rmSync(internal, { recursive: true, force: true });
});

describe('public edition', () => {
  it('has no informant code anywhere, where the internal edition has them', async () => {
    const html = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(html(internal)).toMatch(/INF-[A-Z]+-\d+/);
    expect(html(pub)).not.toMatch(/INF-[A-Z]+-\d+/);
  });

  it('leaves out every quote without consent to publication', async () => {
    const refused = refusedQuotes();
    expect(refused.length).toBeGreaterThan(0);
    const all = readdirSync(pub).filter((f) => f.endsWith('.html')).map((f) => readFileSync(path.join(pub, f), 'utf8')).join('\n');
    const allInternal = readdirSync(internal).filter((f) => f.endsWith('.html')).map((f) => readFileSync(path.join(internal, f), 'utf8')).join('\n');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#39;').slice(0, 40);
    for (const q of refused) {
      expect(allInternal).toContain(esc(q));
      expect(all).not.toContain(esc(q));
    }
    expect(all).not.toContain('Non publiable');
  });

  it('coarsens attributions to the actor type and the province', async () => {
    const html = readFileSync(path.join(pub, 'RE-TIZ-01-publique.html'), 'utf8');
    expect(readdirSync(pub)).not.toContain('RE-CHT-03-publique.html');
    expect(html).toMatch(/élu·e communal·e, province de Tiznit/);
  });

  it('strips codes from narrative text without leaving empty brackets', async () => {
    expect(stripInformantCodes('entretien avec un producteur (INF-TAR-006).')).toBe('entretien avec un producteur.');
    expect(stripInformantCodes('selon INF-TIZ-003, le réseau tient')).toBe('selon un·e informateur·rice, le réseau tient');
    expect(stripInformantCodes('deux jeunes (INF-TAR-005, INF-TAR-007)')).toBe('deux jeunes');
    // as people type them: lower case, non-breaking hyphens, underscores, brackets, short numbers
    const typed = stripInformantCodes('Selon inf-tiz-002 et INF\u2011TIZ\u2011003 (tiret), INF-TIZ-5 et [INF-TIZ-001], INF_TIZ_004.');
    expect(typed).not.toMatch(/inf[^a-z0-9]{0,2}[a-z]{2,5}[^a-z0-9]{0,2}\d/i);
    expect(stripInformantCodes('Informations INFORMATIQUE 2023')).toBe('Informations INFORMATIQUE 2023');
  });

  it('keeps the DOCX free of informant codes too', async () => {
    const JSZip = (await import('jszip')).default;
    for (const f of readdirSync(pub).filter((x) => x.endsWith('.docx'))) {
      const zip = await JSZip.loadAsync(readFileSync(path.join(pub, f)));
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml.replace(/<[^>]+>/g, ''), f).not.toMatch(/INF-[A-Z]+-\d+/);
    }
  });
});
