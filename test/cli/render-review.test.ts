/**
 * `capi render --relecture` end to end (the compiled bin/capi.js, a copy of examples/): the open review
 * comments of RE-AGA-01 (`statut: a-reviser`) become Word comments and PDF margin notes; resolved ones
 * do not; without --relecture the documents carry no comment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldLabel } from '../../src/view/review-summary.js';
import { documentText } from '../../src/view/locale.js';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers.js';

interface Revue {
  relecteur: string;
  date: string;
  commentaires: Array<{ champ: string; texte: string; resolu?: boolean }>;
}

const plain = (xml: string): string =>
  xml.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const squeeze = (s: string): string => s.replace(/[\s\u00ad\-‐]+/g, '').replace(/[’']/g, "'").replace(/[«»"]/g, '"');

let ws: string;
let revue: Revue;
let review: Awaited<ReturnType<typeof runCli>>;
let normal: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-relecture-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
  revue = (parse(readFileSync(path.join(ws, 're/RE-AGA-01.yaml'), 'utf8')) as { revue: Revue }).revue;
  review = await runCli(['render', 're/RE-AGA-01.yaml', '--relecture', '--format', 'docx,pdf', '--out', 'relecture'], { cwd: ws });
  normal = await runCli(['render', 're/RE-AGA-01.yaml', '--format', 'docx,pdf', '--out', 'normale'], { cwd: ws });
}, 300_000);
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('capi render --relecture (RE-AGA-01, a-reviser)', () => {
  const open = () => revue.commentaires.map((c, i) => ({ ...c, number: i + 1 })).filter((c) => !c.resolu);
  const resolved = () => revue.commentaires.map((c, i) => ({ ...c, number: i + 1 })).filter((c) => c.resolu);

  it('renders both editions and exits 0', async () => {
    expect(review.stderr).toMatch(/1 fiche produite, 0 en échec/);
    expect(review.code).toBe(0);
    expect(normal.code).toBe(0);
    // the example has open and resolved comments: the test means something
    expect(open().length).toBeGreaterThanOrEqual(2);
    expect(resolved().length).toBeGreaterThanOrEqual(1);
  });

  it('puts exactly the open comments in word/comments.xml, numbered, by the reviewer, dated', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(ws, 'relecture/RE-AGA-01-relecture.docx')));
    const xml = await zip.file('word/comments.xml')!.async('string');
    const comments = xml.match(/<w:comment [\s\S]*?<\/w:comment>/g) ?? [];
    expect(comments).toHaveLength(open().length);
    const texts = comments.map(plain);
    for (const c of open()) {
      // the field by its French label (schema titles), never the raw path
      expect(texts).toContain(`[n° ${c.number} · ${fieldLabel(documentText('fr'), 're', c.champ)}] ${c.texte}`);
    }
    for (const c of resolved()) {
      expect(texts.join('\n')).not.toContain(c.texte);
      expect(texts.join('\n')).not.toContain(`[n° ${c.number} ·`);
    }
    for (const c of comments) {
      expect(c).toContain(`w:author="${revue.relecteur}"`);
      expect(c).toMatch(new RegExp(`w:date="${revue.date}T12:00:00`));
    }
    // each comment is anchored once in the body, on a heading, with matching ids
    const doc = await zip.file('word/document.xml')!.async('string');
    for (const c of comments) {
      const id = /w:id="(\d+)"/.exec(c)![1];
      const p = (doc.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).filter((x) => x.includes(`<w:commentRangeStart w:id="${id}"/>`));
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/<w:pStyle w:val="Heading[12]"\/>/);
      expect(p[0]).toContain(`<w:commentRangeEnd w:id="${id}"/>`);
      expect(p[0]).toContain(`<w:commentReference w:id="${id}"/>`);
    }
  });

  it('anchors « perceptions.3 » on the heading of the fourth perception (a level-2 section)', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(ws, 'relecture/RE-AGA-01-relecture.docx')));
    const xml = await zip.file('word/comments.xml')!.async('string');
    const comment = (xml.match(/<w:comment [\s\S]*?<\/w:comment>/g) ?? []).find((c) => plain(c).includes('· Perceptions des acteurs locaux n°\u00a04]'))!;
    const id = /w:id="(\d+)"/.exec(comment)![1];
    const doc = await zip.file('word/document.xml')!.async('string');
    const p = (doc.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).find((x) => x.includes(`<w:commentRangeStart w:id="${id}"/>`))!;
    expect(p).toContain('<w:pStyle w:val="Heading2"/>');
  });

  it('prints the open comments as margin notes in the PDF, not the resolved ones', async () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(ws, 'relecture/RE-AGA-01-relecture.pdf'), '-'], { encoding: 'utf8' });
    const flat = squeeze(text);
    const times = (needle: string) => flat.split(needle).length - 1;
    // open comments: in the review summary and as a margin note; resolved ones: in the summary only
    for (const c of open()) {
      expect(text.replace(/\s+/g, ' ')).toContain(`Commentaire n° ${c.number}`);
      expect(times(squeeze(c.texte))).toBe(2);
    }
    for (const c of resolved()) {
      expect(times(squeeze(c.texte))).toBe(1);
      expect(text.replace(/\s+/g, ' ')).not.toContain(`Commentaire n° ${c.number} `);
    }
    expect(text).toContain('Synthèse de la relecture');
  });

  it('without --relecture: no comment in the DOCX, no note in the PDF', async () => {
    expect(existsSync(path.join(ws, 'normale/RE-AGA-01.pdf'))).toBe(true);
    const zip = await JSZip.loadAsync(readFileSync(path.join(ws, 'normale/RE-AGA-01.docx')));
    const xml = (await zip.file('word/comments.xml')?.async('string')) ?? '';
    expect(xml).not.toContain('<w:comment ');
    expect(await zip.file('word/document.xml')!.async('string')).not.toMatch(/commentRange|commentReference/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(ws, 'normale/RE-AGA-01.pdf'), '-'], { encoding: 'utf8' });
    expect(text).not.toContain('Commentaire n°');
  });
});
