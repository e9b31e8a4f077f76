/**
 * The booklet of three validated examples, made by `capi booklet` (PDF and DOCX, internal edition,
 * in-process) and its DOCX converted by LibreOffice, once per test run: ../cli/booklet.test.ts reads
 * its pages, links and structure, ../cli/booklet-publication.test.ts its colophons, citations and
 * typography (see `./run-cache.ts`). The files are read-only for their readers. One booklet and one
 * LibreOffice call for both files: a booklet of its own each cost the suite ~8 s (issue 14).
 */
import path from 'node:path';
import { runCli } from '../helpers.js';
import { docxToPdf } from './pages.js';
import { oncePerRun } from './run-cache.js';

/**
 * The three validated sheets: the first ends on an odd page (a blank verso follows), the second on an
 * even one. The PDF prints the first two in one document (`documentSizes`): the blank verso goes
 * between two sheets of a document, each keeps its own header, footer and outline.
 */
export const BOOKLET_IDS: readonly string[] = ['RE-AGA-02', 'RE-CHT-02', 'RE-TAR-01'];

/** The year the booklet is built in (`SOURCE_DATE_EPOCH`): a citation dated by the build would show it. */
export const BOOKLET_BUILD_YEAR = '2031';

/** `SOURCE_DATE_EPOCH` of a build on 15 January `BOOKLET_BUILD_YEAR`. */
export const BOOKLET_BUILD_EPOCH = String(Date.UTC(Number(BOOKLET_BUILD_YEAR), 0, 15) / 1000);

/** What the booklet's run gave: its output folder (`recueil.pdf`, `recueil.docx`), exit code and output, and LibreOffice's PDF of its DOCX. */
export interface MadeBooklet {
  out: string;
  code: number;
  stdout: string;
  stderr: string;
  /** The DOCX as LibreOffice prints it (`''` when the booklet failed). */
  libreOfficePdf: string;
}

/**
 * The booklet of `BOOKLET_IDS`, once per run.
 * @throws Error when the booklet could not run at all, or LibreOffice could not convert its DOCX (a non-zero exit is returned, not thrown)
 */
export async function chosenBooklet(): Promise<MadeBooklet> {
  const args = ['booklet', ...BOOKLET_IDS.map((id) => `examples/re/${id}.yaml`), '--format', 'pdf,docx'];
  const { value } = await oncePerRun(`capi ${args.join(' ')} SOURCE_DATE_EPOCH=${BOOKLET_BUILD_EPOCH}`, async (dir) => {
    const out = path.join(dir, 'out');
    const r = await runCli([...args, '--out', out], { env: { SOURCE_DATE_EPOCH: BOOKLET_BUILD_EPOCH } });
    const libreOfficePdf = r.code === 0 ? docxToPdf([path.join(out, 'recueil.docx')], path.join(dir, 'lo'))[0]! : '';
    return { out, ...r, libreOfficePdf };
  });
  return value;
}
