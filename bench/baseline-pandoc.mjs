// Baseline for `capi render --format docx`: pandoc, one process per sheet, Markdown → DOCX.
// Usage: node bench/baseline-pandoc.mjs MD_DIR OUT_DIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const [mdDir, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(mdDir).filter((x) => x.endsWith('.md')).sort()) {
  execFileSync('pandoc', [path.join(mdDir, f), '-o', path.join(outDir, f.replace(/\.md$/, '.docx'))]);
}
