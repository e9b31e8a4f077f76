/**
 * The examples (`examples/`) rendered by `capi render --format pdf,docx,html` (six of them in `npm test`,
 * all in the scale tier: `RENDERED_IDS`), in-process, once per test run and shared by the files that read them back (../cli/render.test.ts,
 * ../render/pdf-docx-compare.test.ts, the scale tier's comparison): see `./run-cache.ts`. The files
 * are read-only for their readers.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';
import { docxToPdf } from './pages.js';
import { oncePerRun } from './run-cache.js';

/** The ids of the example sheets (RE and OSIM), sorted. */
export const EXAMPLE_IDS: readonly string[] = [...readdirSync(path.join(ROOT, 'examples/re')), ...readdirSync(path.join(ROOT, 'examples/osim'))]
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

/**
 * The examples that `npm test` reads back through LibreOffice (their DOCX converted in one call, shared
 * by ../render/pdf-docx-compare.test.ts and ../render/docx-amounts.test.ts): an OSIM sheet, a long RE
 * sheet, and the two sheets with the largest financing tables.
 */
export const REPRESENTATIVE_IDS: readonly string[] = ['OSIM-FR-01', 'RE-CHT-03', 'RE-TAR-01', 'RE-TIZ-01'];

/**
 * The examples `renderedExamples` renders. In `npm test`, six that hold what their readers check: the
 * representative ones above, the three validated sheets of ../cli/booklet.test.ts (RE-AGA-02, RE-CHT-02,
 * RE-TAR-01), Arabic and Tifinagh (RE-TIZ-01, RE-CHT-02), the regard croisé of two OSIM sides (RE-TAR-01),
 * an OSIM sheet with its backlinks (OSIM-FR-01). All twenty cost ~20 s more of the suite's CPU, most of
 * it Chromium's (issue 14: `npm test` under 3 minutes): they are rendered whole by the scale tier
 * (`CAPI_TIER=scale`, whose comparison reads every one), and by the set-up (`npm run examples`).
 */
export const RENDERED_IDS: readonly string[] = process.env.CAPI_TIER === 'scale' ? EXAMPLE_IDS : ['OSIM-FR-01', 'RE-AGA-02', 'RE-CHT-02', 'RE-CHT-03', 'RE-TAR-01', 'RE-TIZ-01'];

/** What `capi render examples` gave: its output folder (`ID.pdf`, `ID.docx`, `ID.html`), exit code and output. */
export interface RenderedExamples {
  out: string;
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The examples `RENDERED_IDS` rendered to PDF, DOCX and HTML by `capi render` (run from the project's
 * root: `capi render examples` when they are all, else their files, the other sheets read for the
 * links), once per run.
 * @throws Error when the render could not run at all (a non-zero exit is returned, not thrown)
 */
export async function renderedExamples(): Promise<RenderedExamples> {
  const all = RENDERED_IDS.length === EXAMPLE_IDS.length;
  const sources = all ? ['examples'] : RENDERED_IDS.map((id) => `examples/${id.startsWith('OSIM-') ? 'osim' : 're'}/${id}.yaml`);
  const { value } = await oncePerRun(`capi render ${sources.join(' ')} --format pdf,docx,html`, async (dir) => {
    const out = path.join(dir, 'out');
    const r = await runCli(['render', ...sources, '--out', out, '--format', 'pdf,docx,html']);
    return { out, ...r };
  });
  return value;
}

/**
 * The DOCX of the examples `ids` (of `renderedExamples()`) converted to PDF by LibreOffice, once per run.
 * @returns the path of each one's PDF, by id
 * @throws Error when the render failed or LibreOffice could not convert them (ENOENT when it is missing)
 */
export async function examplesThroughLibreOffice(ids: readonly string[]): Promise<Map<string, string>> {
  const rendered = await renderedExamples();
  if (rendered.code !== 0) throw new Error(`capi render examples exited ${rendered.code}: ${rendered.stderr}`);
  const { value } = await oncePerRun(`libreoffice pdf of the examples ${ids.join(' ')}`, async (dir) =>
    docxToPdf(ids.map((id) => path.join(rendered.out, `${id}.docx`)), dir),
  );
  return new Map(ids.map((id, i) => [id, value[i]!]));
}
