// Writes, for each RE sheet, an equivalent Markdown document (title, the same sections and texts), the
// input of the pandoc baseline. Usage: node bench/sheets-to-markdown.mjs RE_DIR MD_DIR
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const [reDir, mdDir] = process.argv.slice(2);
mkdirSync(mdDir, { recursive: true });
for (const f of readdirSync(reDir).filter((x) => x.endsWith('.yaml'))) {
  const s = parse(readFileSync(path.join(reDir, f), 'utf8'));
  const out = [`# ${s.titre}`, '', `*${s.id} — ${s.territoire.commune}, ${s.territoire.province}*`, ''];
  const section = (title, text) => text && out.push(`## ${title}`, '', String(text), '');
  section('Contexte', s.contexte);
  section('Étapes', s.description?.etapes);
  section('Ressources', s.description?.ressources);
  for (const c of s.contributions ?? []) out.push(`### ${c.titre}`, '', c.description ?? '', '', c.preuves ?? '', '');
  for (const p of s.perceptions ?? []) {
    out.push(`### ${p.type_acteur} — ${p.appreciation}`, '', ...(p.points ?? []).map((x) => `- ${x}`), '');
    for (const q of p.citations ?? []) out.push(`> ${q.texte}`, '>', `> ${q.traduction ?? ''}`, '');
  }
  section('Valeur ajoutée', s.valeur_ajoutee);
  section('Contraintes', s.contraintes);
  section('Enseignements', s.enseignements);
  writeFileSync(path.join(mdDir, f.replace(/\.yaml$/, '.md')), out.join('\n'));
}
