import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import type { SheetView } from '../../src/view/model.js';
import { docxToPdf, leadTexts } from './pages.js';
import { runDir } from './run-cache.js';

/** A view of one section holding `blocks` (only what `leadTexts` reads). */
const viewOf = (blocks: unknown[]) => ({ sections: [{ title: 'Financement', blocks, children: [] }] }) as unknown as SheetView;

describe('leadTexts (what the page-flow check may not leave at the foot of a page)', () => {
  it('counts section titles and lead notes (labels), not a remark under a table followed by more blocks', () => {
    const view = viewOf([
      { type: 'table', head: ['Source'], rows: [['Commune']] },
      { type: 'note', text: 'Les montants en euros et en MAD sont totalisés séparément.' },
      { type: 'note', lead: true, text: 'Preuves et éléments probants :' },
      { type: 'list', items: ['Procès-verbal'] },
    ]);
    expect(leadTexts(view)).toEqual(['Financement', 'Preuves et éléments probants :']);
  });
});

describe('docxToPdf (LibreOffice in a profile of its own)', () => {
  it('converts, from a profile that skips LibreOffice\'s graphics self-tests at start (5.5 s of CPU a start)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-lo-seed-'));
    try {
      const docx = path.join(dir, 'bonjour.docx');
      writeFileSync(docx, await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Bonjour la commune')] }] })));
      const [pdf] = docxToPdf([docx], dir);
      expect(execFileSync('pdftotext', [pdf!, '-'], { encoding: 'utf8' })).toContain('Bonjour la commune');
      // the profile every later call copies (made by this call or by another file's first): the tests
      // write their log there when they run
      const user = path.join(runDir(), 'libreoffice-profile', 'user');
      expect(readFileSync(path.join(user, 'registrymodifications.xcu'), 'utf8')).toMatch(/ooSetupLastVersion" oor:op="fuse"><value>99\.9</);
      expect(existsSync(path.join(user, 'GraphicsRenderTests.log'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
