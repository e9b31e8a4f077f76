// Generates docs/format-des-fiches.md (in French, for researchers and coordinators) from the JSON Schemas in
// schemas/ — the single source of truth — so the sheet format is never described twice by hand.
// Run `npm run gen:docs` after changing a schema (or an example sheet whose required fields the minimal
// examples are cut from); test/docs/generated.test.ts fails while the committed file is out of date.
// `node scripts/gen-docs.mjs --check` exits 1 instead of writing when the file is out of date.
//
// The part of the file above MARKER is written by hand and kept as it is; everything below is generated.
// Schemas are made self-contained by capi's own bundler (build/validate/bundle.js, so `npm run build` first):
// every `$ref` is then `#/$defs/NAME` inside the same document.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The generated file, relative to the repository root. */
export const DOC_FILE = 'docs/format-des-fiches.md';
/** The line that separates the hand-written header (kept) from the generated part (replaced). */
export const MARKER =
  '<!-- Tout ce qui suit est produit par `npm run gen:docs` à partir de schemas/*.schema.json : ne pas le modifier à la main. -->';

/** The documented kinds of file, in the order of the document. */
const KINDS = [
  {
    kind: 're',
    heading: "Fiche retour d'expérience",
    where: "Un fichier YAML par fiche dans le dossier `re/` de l'espace de travail, nommé d'après son identifiant (`re/RE-TIZ-01.yaml`).",
    minimal: true,
    start: "`capi new` écrit une fiche de départ plus complète : les champs obligatoires, puis chaque section avec son aide en commentaire.",
  },
  {
    kind: 'osim',
    heading: 'Fiche OSIM',
    where: "Un fichier YAML par association dans le dossier `osim/` de l'espace de travail, nommé d'après son identifiant (`osim/OSIM-FR-03.yaml`).",
    minimal: true,
  },
  {
    kind: 'config',
    heading: "Configuration de l'espace de travail (`capi.config.yaml`)",
    where: "Le fichier `capi.config.yaml` à la racine de l'espace de travail ; `capi init` l'écrit. Tous ses champs sont facultatifs.",
    minimal: false,
  },
  {
    kind: 'glossary',
    heading: 'Glossaire du recueil (`glossaire.yaml`)',
    where: "Le fichier facultatif `glossaire.yaml` à la racine de l'espace de travail, à côté de `capi.config.yaml` ; `capi booklet` l'imprime à la fin du recueil.",
    minimal: false,
    example: 'glossaire.yaml',
  },
];

// ─── Markdown helpers ──────────────────────────────────────────────────────────────────────────────────────

/** A value as inline YAML (flow style), the way a researcher would write it in a sheet. */
function yamlInline(value) {
  return YAML.stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim();
}

/** Inline code, with a longer fence when the text holds a backtick. */
function code(text) {
  const s = String(text);
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

/** Text made safe for one cell of a Markdown table. */
function cell(text) {
  return String(text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** A Markdown table from a header row and rows of cells. */
function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** An HTML anchor id (ASCII, lower case) from parts of a path. */
function anchorId(...parts) {
  return parts
    .join('-')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A French list: « a, b et c » (or « ou » with `word`). */
function frenchList(items, word = 'et') {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

/** The first letter in lower case (titles used inside a sentence), unless the word is an acronym. */
function lowerFirst(text) {
  return /^[A-ZÀ-Ý][A-ZÀ-Ý]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

// ─── Definitions shared between kinds ──────────────────────────────────────────────────────────────────────

/**
 * The registry of `$defs` met while documenting: each documented once (in « Listes de valeurs » or « Blocs et
 * types communs »), in the order first met, with where it is used. A name defined differently by two
 * bundled schemas gets one entry per kind.
 */
function createRegistry() {
  return { entries: new Map() };
}

/** Registers the definition `name` of the bundled schema of `kind` as used at `usedAt`; returns its key. */
function useDef(registry, kind, defs, name, usedAt) {
  const schema = defs[name];
  if (!schema) throw new Error(`${kind}: $ref to an unknown definition ${name}`);
  let key = name;
  const known = registry.entries.get(key);
  if (known && JSON.stringify(known.schema) !== JSON.stringify(schema)) key = `${kind}-${name}`;
  if (!registry.entries.has(key)) {
    registry.entries.set(key, { key, name, kind, schema, defs, usedAt: [] });
  }
  const entry = registry.entries.get(key);
  if (usedAt && !entry.usedAt.includes(usedAt)) entry.usedAt.push(usedAt);
  return key;
}

/** True when a definition is a list of values (documented in « Listes de valeurs »). */
function isEnumDef(schema) {
  return Array.isArray(schema.enum);
}

/** The anchor of a shared definition. */
function defAnchor(key, schema) {
  return anchorId(isEnumDef(schema) ? 'liste' : 'type', key);
}

// ─── Reading a schema node ─────────────────────────────────────────────────────────────────────────────────

/**
 * A schema node with its `$ref` (if any) followed: `{ schema, own, def }` where `schema` merges the target
 * and the node's own keywords (the node's win, as for editors), `own` is the node itself and `def` the
 * registry key of the target (undefined without `$ref`).
 */
function resolve(node, ctx, usedAt) {
  if (!node || typeof node !== 'object' || typeof node.$ref !== 'string') return { schema: node ?? {}, own: node ?? {} };
  const match = /^#\/\$defs\/([^/]+)$/.exec(node.$ref);
  if (!match) throw new Error(`${ctx.kind}: unsupported $ref ${node.$ref} (bundle the schema first)`);
  const def = useDef(ctx.registry, ctx.kind, ctx.defs, match[1], usedAt);
  const { $ref, ...own } = node;
  const target = resolve(ctx.defs[match[1]], ctx, undefined).schema;
  return { schema: { ...target, ...own }, own: node, def, target };
}

/** Link text and address of a shared definition. */
function defLink(ctx, key) {
  const { schema } = ctx.registry.entries.get(key);
  return `[${lowerFirst(schema.title ?? key)}](#${defAnchor(key, schema)})`;
}

/** A number range in words (« de 0 à 100 », « ≥ 0 »), or ''. */
function range(schema) {
  const { minimum: min, maximum: max } = schema;
  if (min !== undefined && max !== undefined) return ` de ${min} à ${max}`;
  if (min !== undefined) return min === 0 ? ' positif ou nul' : ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}

/** The word for one JSON type of a string, number… node (singular or plural). */
function scalarWord(type, schema, plural) {
  const s = plural ? 's' : '';
  switch (type) {
    case 'string':
      if (schema.format === 'date') return `date${s} AAAA-MM-JJ`;
      if (schema.format === 'email') return plural ? 'adresses électroniques' : 'adresse électronique';
      if (schema.format === 'uri') return `adresse${s} web`;
      return `texte${s}`;
    case 'integer':
      return (plural ? 'nombres entiers' : 'nombre entier') + (plural ? '' : range(schema));
    case 'number':
      return `nombre${s}` + (plural ? '' : range(schema));
    case 'boolean':
      return plural ? 'valeurs `true` ou `false`' : '`true` ou `false`';
    case 'object':
      return `bloc${s}`;
    default:
      return type;
  }
}

/**
 * The type of a node in French words: « texte », « date AAAA-MM-JJ », « liste de blocs », « code de la liste
 * [Secteur](#…) », « nombre entier de 1900 à 2100 »…
 */
function typeWord(node, ctx, plural = false, usedAt) {
  const { schema, def } = resolve(node, ctx, usedAt);
  if (schema.const !== undefined) return `toujours ${code(yamlInline(schema.const))}`;
  if (def && isEnumDef(schema)) return `${plural ? 'codes' : 'code de la liste'} ${defLink(ctx, def)}`;
  if (def && schema.properties) return `${plural ? 'blocs' : 'bloc'} ${defLink(ctx, def)}`;
  if (def && Array.isArray(schema.anyOf ?? schema.oneOf)) return defLink(ctx, def);
  const plain = plainTypeWord(schema, ctx, plural, usedAt);
  return def ? `${plain} (${defLink(ctx, def)})` : plain;
}

/** The type of a node without `$ref`, in words. */
function plainTypeWord(schema, ctx, plural, usedAt) {
  if (Array.isArray(schema.enum)) return plural ? 'codes' : 'code de la liste';
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    const words = alternatives.map((alt) => typeWord(alt, ctx, plural, usedAt));
    return frenchList([...new Set(words)], 'ou');
  }
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => t && t !== 'null');
  if (types.length === 0) return plural ? 'valeurs' : 'valeur';
  const words = types.map((type) => (type === 'array' ? listWord(schema, ctx, plural, usedAt) : scalarWord(type, schema, plural)));
  return frenchList(words, 'ou');
}

/** « liste de … » for an array node, with its length and uniqueness rules. */
function listWord(schema, ctx, plural, usedAt) {
  const of = schema.items ? ` de ${typeWord(schema.items, ctx, true, usedAt)}` : '';
  const rules = [];
  if (schema.minItems >= 1) rules.push(schema.minItems === 1 ? 'au moins un élément' : `au moins ${schema.minItems} éléments`);
  if (schema.uniqueItems) rules.push('sans doublon');
  return `${plural ? 'listes' : 'liste'}${of.replace(/^ de ([aeiouéèh])/i, " d'$1")}${rules.map((r) => `, ${r}`).join('')}`;
}

/** The examples of a node as inline YAML, from its own `examples`, its target's, or its items'. */
function examplesOf(node, ctx) {
  const { schema } = resolve(node, ctx);
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples.slice(0, 3).map((e) => code(yamlInline(e)));
  if (schema.items) {
    const items = resolve(schema.items, ctx).schema;
    if (Array.isArray(items.examples) && items.examples.length) return [code(yamlInline(items.examples.slice(0, 2)))];
  }
  return [];
}

/** The allowed values of an inline enum, with their French labels: « `oui` (Oui), `non` (Non) ». */
function valuesOf(schema) {
  const labels = schema['x-labels'] ?? {};
  return schema.enum.map((v) => (labels[v] && labels[v] !== v ? `${code(v)} « ${labels[v]} »` : code(v))).join(', ');
}

/** The prose of a node: its own Markdown or plain description, else its target's. */
function proseOf(resolved, markdown) {
  const pick = (s) => (s ? (markdown && s.markdownDescription) || s.description : undefined);
  return pick(resolved.own) ?? pick(resolved.target) ?? '';
}

/** The object whose fields a node has (itself, its list items, or an inline alternative), or undefined. */
function fieldsOf(schema, ctx) {
  if (schema.properties) return schema;
  if (schema.items && !schema.items.$ref) return fieldsOf(schema.items, ctx);
  for (const alt of schema.anyOf ?? schema.oneOf ?? []) if (!alt.$ref && fieldsOf(alt, ctx)) return fieldsOf(alt, ctx);
  return undefined;
}

// ─── Conditional requirements (allOf / if / then) ─────────────────────────────────────────────────────────

/** The condition of an `if` in words: « à partir du statut `soumise` », « quand `langue` n'est pas `fr` ». */
function describeCondition(ifSchema, schema, ctx) {
  const parts = Object.entries(ifSchema.properties ?? {}).map(([key, test]) => {
    const order = resolve(schema.properties?.[key], ctx).schema.enum;
    const values = test.enum ?? (test.const !== undefined ? [test.const] : undefined);
    if (values && key === 'statut' && order) {
      const from = order.indexOf(values[0]);
      const isTail = values.length > 1 && from >= 0 && order.slice(from).join() === values.join();
      if (isTail) return `à partir du statut ${code(values[0])}`;
      return `au statut ${frenchList(values.map(code), 'ou')}`;
    }
    if (values) return `quand ${code(key)} vaut ${frenchList(values.map(code), 'ou')}`;
    if (test.not?.const !== undefined) return `quand ${code(key)} n'est pas ${code(test.not.const)}`;
    return `selon ${code(key)}`;
  });
  return frenchList(parts);
}

/**
 * The rules a node's `if`/`then` (and those of its `allOf`) add to its fields: a Map from a field path
 * (`projet.secteurs`, `revue.commentaires[].resolu`) to `{ what, when }` pairs, e.g. `{ what: 'non vide',
 * when: 'à partir du statut `soumise`' }`.
 */
function conditionalRules(schema, ctx) {
  const rules = new Map();
  for (const branch of [schema, ...(schema.allOf ?? [])]) {
    if (!branch.if || !branch.then) continue;
    const when = describeCondition(branch.if, schema, ctx);
    walkThen(branch.then, '', (p, what) => rules.set(p, [...(rules.get(p) ?? []), { what, when }]));
  }
  return rules;
}

/** Calls `add(path, what)` for each requirement a `then` schema sets: required, non-empty, fixed value. */
function walkThen(then, prefix, add) {
  const join = (key) => (prefix ? `${prefix}.${key}` : key);
  for (const key of then.required ?? []) add(join(key), 'obligatoire');
  for (const [key, sub] of Object.entries(then.properties ?? {})) {
    if (sub.minItems >= 1 || sub.minLength >= 1) add(join(key), 'non vide');
    if (sub.const !== undefined) add(join(key), `doit valoir ${code(yamlInline(sub.const))}`);
    walkThen(sub, join(key), add);
    if (sub.items) walkThen(sub.items, `${join(key)}[]`, add);
  }
}

/** Rules grouped by condition, in words: « obligatoire et non vide à partir du statut `soumise` ». */
function ruleGroups(rules) {
  const byWhen = new Map();
  for (const { what, when } of rules) byWhen.set(when, [...(byWhen.get(when) ?? []), what]);
  return [...byWhen].map(([when, whats]) => ({ when, whats: [...new Set(whats)] }));
}

/**
 * The « Obligatoire » column: « oui », « non », « à partir du statut `soumise`, non vide », « oui ; non vide à
 * partir du statut `soumise` », « quand `langue` n'est pas `fr` ».
 */
function requirementOf(required, rules = []) {
  const parts = ruleGroups(rules).map(({ when, whats }) => {
    if (!required && whats.includes('obligatoire')) {
      const more = whats.filter((w) => w !== 'obligatoire');
      return [when, ...more].join(', ');
    }
    return `${frenchList(whats.filter((w) => w !== 'obligatoire' || !required))} ${when}`;
  });
  const conditional = ruleGroups(rules).some(({ whats }) => whats.includes('obligatoire'));
  return [required ? 'oui' : conditional ? '' : 'non', ...parts].filter(Boolean).join(' ; ');
}

/** The rules about paths below `at` (inside a shared block, so shown by no row): « `x.y` : … ». */
function rulesBelow(rules, at) {
  const out = [];
  for (const [p, list] of rules) {
    if (!p.startsWith(`${at}.`) && !p.startsWith(`${at}[]`)) continue;
    const words = ruleGroups(list).map(({ when, whats }) => `${frenchList(whats)} ${when}`);
    out.push(`${code(p.slice(at.length).replace(/^\./, ''))} : ${words.join(' ; ')}`);
  }
  return out;
}

// ─── Fields: tables and nested blocks ─────────────────────────────────────────────────────────────────────

/** The values of an inline list of values in a node, its list items or its alternatives, or undefined. */
function inlineEnum(node) {
  if (!node || node.$ref) return undefined;
  if (Array.isArray(node.enum)) return node;
  return inlineEnum(node.items) ?? (node.anyOf ?? node.oneOf ?? []).map(inlineEnum).find(Boolean);
}

/** The path prefix of the fields inside a node: `p[]` for a list of blocks, `p` for a block. */
function innerPath(schema, p) {
  return schema.properties ? p : `${p}[]`;
}

/** The text of the « Champ » cell: title, description, allowed values, default, rules inside a shared block. */
function fieldText(resolved, rules, p) {
  const { schema } = resolved;
  const parts = [`**${schema.title ?? ''}** — ${proseOf(resolved, false)}`];
  const values = resolved.def ? undefined : inlineEnum(resolved.own);
  if (values) parts.push(`Valeurs : ${valuesOf(values)}.`);
  if (schema.default !== undefined) parts.push(`Par défaut : ${code(yamlInline(schema.default))}.`);
  if (resolved.def) parts.push(...rulesBelow(rules, p).map((r) => `${r}.`));
  return parts.join(' ');
}

/**
 * The table of the fields of a block (`obj.properties`), then one sub-section per field that is itself a block
 * or a list of blocks. `at` is the path of the block (`''` at the top, `projet`, `collecte.entretiens[]`);
 * `anchor` prefixes the anchors; `level` is the heading level of the sub-sections.
 */
function renderFields(ctx, obj, at, rules, level, anchor) {
  const rows = [];
  const nested = [];
  for (const [key, node] of Object.entries(obj.properties)) {
    const p = at ? `${at}.${key}` : key;
    const resolved = resolve(node, ctx, `${ctx.label} ${code(p)}`);
    const inner = resolved.def ? undefined : fieldsOf(resolved.schema, ctx);
    const id = anchorId(anchor, p);
    if (inner) nested.push({ p, resolved, inner, id });
    rows.push([
      inner ? `[${code(key)}](#${id})` : code(key),
      fieldText(resolved, rules, p),
      typeWord(node, ctx, false, `${ctx.label} ${code(p)}`) + (inner ? ' (détail ci-dessous)' : ''),
      requirementOf((obj.required ?? []).includes(key), rules.get(p)),
      examplesOf(node, ctx).join(', '),
    ]);
  }
  const lines = [...table(['Clé', 'Champ', 'Type', 'Obligatoire', 'Exemple'], rows), ''];
  for (const { p, resolved, inner, id } of nested) lines.push(...renderBlock(ctx, resolved, inner, p, rules, level, id));
  return lines;
}

/** The sentence before the table of a block's fields: a block, a list of blocks, or a list that may hold some. */
function blockSentence(schema) {
  if (schema.properties) return 'Les champs du bloc :';
  const items = schema.items ?? {};
  const types = [items.type ?? 'object'].flat().filter((t) => t !== 'null');
  const onlyBlocks = items.properties && !items.anyOf && !items.oneOf && types.every((t) => t === 'object');
  return onlyBlocks ? 'Chaque élément de la liste est un bloc de ces champs :' : 'Un élément de la liste peut aussi être un bloc de ces champs :';
}

/** A sub-section for a field that is a block or a list of blocks: heading, sentence, table of its fields. */
function renderBlock(ctx, resolved, inner, p, rules, level, id) {
  const heading = '#'.repeat(Math.min(level, 6));
  const lines = [`<a id="${id}"></a>`, '', `${heading} ${code(p)} — ${resolved.schema.title ?? ''}`, ''];
  const prose = proseOf(resolved, true);
  if (prose) lines.push(prose, '');
  lines.push(blockSentence(resolved.schema), '');
  return [...lines, ...renderFields(ctx, inner, innerPath(resolved.schema, p), rules, level + 1, ctx.anchor)];
}

/** The bullet list under a section heading: type, requirement, values, example, default. */
function summaryBullets(ctx, node, required, rules, p) {
  const resolved = resolve(node, ctx);
  const lines = [`- **Type** : ${typeWord(node, ctx, false, `${ctx.label} ${code(p)}`)}`, `- **Obligatoire** : ${requirementOf(required, rules.get(p))}`];
  const values = resolved.def ? undefined : inlineEnum(resolved.own);
  if (values) lines.push(`- **Valeurs** : ${valuesOf(values)}`);
  const examples = examplesOf(node, ctx);
  if (examples.length) lines.push(`- **Exemple** : ${examples.join(', ')}`);
  if (resolved.def) lines.push(...rulesBelow(rules, p).map((r) => `- ${r}`));
  return lines;
}

/** One section per top-level field of a sheet: heading, bullets, prose (with its YAML example), fields. */
function renderTopField(ctx, schema, key, rules) {
  const node = schema.properties[key];
  const resolved = resolve(node, ctx, `${ctx.label} ${code(key)}`);
  const id = anchorId(ctx.anchor, key);
  const lines = [`<a id="${id}"></a>`, '', `### ${code(key)} — ${resolved.schema.title ?? ''}`, ''];
  lines.push(...summaryBullets(ctx, node, (schema.required ?? []).includes(key), rules, key), '');
  const prose = proseOf(resolved, true);
  if (prose) lines.push(prose, '');
  const inner = resolved.def ? undefined : fieldsOf(resolved.schema, ctx);
  if (inner) {
    lines.push(blockSentence(resolved.schema), '');
    lines.push(...renderFields(ctx, inner, innerPath(resolved.schema, key), rules, 4, ctx.anchor));
  }
  return lines;
}

// ─── Sheets ────────────────────────────────────────────────────────────────────────────────────────────────

/** The bulleted summary of what becomes required, grouped by condition (« À partir du statut `soumise` »). */
function renderConditions(rules) {
  const byWhen = new Map();
  for (const [p, list] of rules) {
    for (const { when, whats } of ruleGroups(list)) {
      const group = byWhen.get(when) ?? new Map();
      const what = frenchList(whats);
      group.set(what, [...(group.get(what) ?? []), code(p)]);
      byWhen.set(when, group);
    }
  }
  return [...byWhen].map(([when, group]) => {
    const parts = [...group].map(([what, paths]) => `${what} : ${paths.join(', ')}`);
    return `- **${when.charAt(0).toUpperCase()}${when.slice(1)}** — ${parts.join(' ; ')}.`;
  });
}

/** A schema node with its `$ref` followed, without recording any use (for the minimal examples). */
function follow(node, defs) {
  if (!node?.$ref) return node ?? {};
  return { ...follow(defs[node.$ref.replace('#/$defs/', '')], defs), ...node };
}

/** `value` cut down to the fields its schema requires (and the first element of each list). */
function keepRequired(value, node, defs) {
  const schema = follow(node, defs);
  if (Array.isArray(value)) return value.slice(0, 1).map((v) => keepRequired(v, schema.items, defs));
  if (!value || typeof value !== 'object' || !schema.properties) return value;
  const required = schema.required ?? [];
  return Object.fromEntries(Object.keys(value).filter((k) => required.includes(k)).map((k) => [k, keepRequired(value[k], schema.properties[k], defs)]));
}

/**
 * The minimal sheet of a kind: the first example sheet of `examples/<kind>/` at statut `brouillon` (else the
 * first, put back to `brouillon`), cut down to its required fields. Returns `{ file, data }`.
 */
export function minimalSheet(kind, schema, root = ROOT) {
  const dir = path.join(root, 'examples', kind);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const sheets = files.map((file) => ({ file: `examples/${kind}/${file}`, data: YAML.parse(readFileSync(path.join(dir, file), 'utf8')) }));
  const chosen = sheets.find((s) => s.data?.statut === 'brouillon') ?? sheets[0];
  if (!chosen) throw new Error(`no example sheet in examples/${kind}/`);
  const data = keepRequired({ ...chosen.data, statut: 'brouillon' }, schema, schema.$defs ?? {});
  return { file: chosen.file, data };
}

/** The example block of a kind: the minimal sheet, or for the configuration the example workspace's file. */
function renderExample(spec, schema, root) {
  if (spec.minimal) {
    const { file, data } = minimalSheet(spec.kind, schema, root);
    const text = YAML.stringify(data, { lineWidth: 0 });
    return [
      '### Exemple minimal',
      '',
      `Une fiche au statut \`brouillon\` réduite à ses champs obligatoires (tirée de \`${file}\`).${spec.start ? ` ${spec.start}` : ''}`,
      '',
      '```yaml',
      text.trimEnd(),
      '```',
      '',
    ];
  }
  const name = spec.example ?? 'capi.config.yaml';
  const text = readFileSync(path.join(root, 'examples', name), 'utf8');
  return ['### Exemple', '', `Le fichier de l'espace de travail d'exemple (\`examples/${name}\`) :`, '', '```yaml', text.trimEnd(), '```', ''];
}

/** The whole section of one kind of file: introduction, conditions, example, summary table, fields. */
function renderKind(spec, schema, registry, root) {
  const label = spec.kind === 'config' ? 'configuration' : `fiche ${spec.kind === 're' ? 'RE' : 'OSIM'}`;
  const ctx = { kind: spec.kind, defs: schema.$defs ?? {}, registry, anchor: spec.kind, label };
  const rules = conditionalRules(schema, ctx);
  const lines = [`<a id="${spec.kind}"></a>`, '', `## ${spec.heading}`, '', schema.description ?? '', '', spec.where, ''];
  const fiche = schema.properties.fiche?.const;
  if (fiche) lines.push(`La première clé de la fiche est toujours \`fiche: ${fiche}\`.`, '');
  if (rules.size) lines.push('Les champs marqués « oui » sont obligatoires dès le brouillon. S\'y ajoutent :', '', ...renderConditions(rules), '');
  lines.push(...renderExample(spec, schema, root));
  lines.push('### Sommaire', '');
  const rows = Object.keys(schema.properties).map((key) => {
    const title = resolve(schema.properties[key], ctx).schema.title ?? '';
    return [`[${code(key)}](#${anchorId(spec.kind, key)})`, title, requirementOf((schema.required ?? []).includes(key), rules.get(key))];
  });
  lines.push(...table(['Clé', 'Section', 'Obligatoire'], rows), '');
  for (const key of Object.keys(schema.properties)) lines.push(...renderTopField(ctx, schema, key, rules));
  return lines;
}

// ─── Shared definitions ───────────────────────────────────────────────────────────────────────────────────

/** The section of one shared definition: a list of values (table of values and labels) or a block/type. */
function renderDef(registry, entry) {
  const { key, schema } = entry;
  const ctx = { kind: entry.kind, defs: entry.defs, registry, anchor: defAnchor(key, schema), label: `« ${schema.title ?? key} »` };
  const lines = [`<a id="${defAnchor(key, schema)}"></a>`, '', `### ${schema.title ?? key}`, ''];
  if (isEnumDef(schema)) {
    // The values table says what each value means: the plain description, not the Markdown one (which may
    // hold a table of the same values).
    const prose = schema.description;
    if (prose) lines.push(prose, '');
    const labels = schema['x-labels'] ?? {};
    const meanings = schema.markdownEnumDescriptions;
    const header = meanings ? ['Valeur', 'Libellé', 'Sens'] : ['Valeur', 'Libellé'];
    lines.push(...table(header, schema.enum.map((v, i) => [code(v), labels[v] ?? '', ...(meanings ? [meanings[i] ?? ''] : [])])), '');
  } else {
    const prose = schema.markdownDescription ?? schema.description;
    const examples = examplesOf(schema, ctx);
    lines.push(`- **Type** : ${typeWord(schema, ctx)}`, ...(examples.length ? [`- **Exemple** : ${examples.join(', ')}`] : []), '');
    if (prose) lines.push(prose, '');
    const inner = fieldsOf(schema, ctx);
    const rules = conditionalRules(schema, ctx);
    if (inner) lines.push(...renderFields(ctx, inner, innerPath(schema, ''), rules, 4, ctx.anchor));
  }
  return { lines, usedBy: () => (entry.usedAt.length ? [`Utilisé par : ${entry.usedAt.join(', ')}.`, ''] : []) };
}

/** « Listes de valeurs » then « Blocs et types communs », each definition met once, in the order met. */
function renderDefs(registry) {
  const done = new Map();
  for (let more = true; more; ) {
    more = false;
    for (const entry of [...registry.entries.values()]) {
      if (done.has(entry.key)) continue;
      done.set(entry.key, renderDef(registry, entry));
      more = true;
    }
  }
  const entries = [...registry.entries.values()];
  const section = (list) => list.flatMap((e) => {
    const { lines, usedBy } = done.get(e.key);
    return [...lines, ...usedBy()];
  });
  return [
    '<a id="listes"></a>',
    '',
    '## Listes de valeurs',
    '',
    "Les codes permis dans les champs qui renvoient à une liste, avec le libellé imprimé dans les PDF et DOCX. L'éditeur les propose à la saisie.",
    '',
    ...section(entries.filter((e) => isEnumDef(e.schema))),
    '<a id="types"></a>',
    '',
    '## Blocs et types communs',
    '',
    'Les blocs de champs et les types de texte que plusieurs champs partagent.',
    '',
    ...section(entries.filter((e) => !isEnumDef(e.schema))),
  ];
}

// ─── The document ─────────────────────────────────────────────────────────────────────────────────────────

/** The default hand-written header, for a first generation. */
const DEFAULT_HEADER = '# Format des fiches\n\n';

/** The hand-written header of the committed file (everything before MARKER), or the default one. */
function readHeader(root) {
  const file = path.join(root, DOC_FILE);
  if (!existsSync(file)) return DEFAULT_HEADER;
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(MARKER);
  if (at < 0) throw new Error(`${DOC_FILE} has no generation marker: put this line where the generated part starts:\n${MARKER}`);
  return text.slice(0, at);
}

/** The schemas of each documented kind, made self-contained by capi's bundler (from build/). */
async function bundledSchemas(root) {
  const bundler = path.join(root, 'build', 'validate', 'bundle.js');
  if (!existsSync(bundler)) throw new Error("build/ is missing: run `npm run build` first (gen:docs uses capi's own schema bundler).");
  const { bundledSchema } = await import(pathToFileURL(bundler).href);
  return Object.fromEntries(KINDS.map(({ kind }) => [kind, bundledSchema(kind)]));
}

/**
 * The full text of docs/format-des-fiches.md: the committed hand-written header, MARKER, then the generated
 * part. `schemas` (bundled schemas by kind) defaults to those of `schemas/` through build/.
 */
export async function generateDocs({ root = ROOT, schemas } = {}) {
  const bundled = schemas ?? (await bundledSchemas(root));
  const registry = createRegistry();
  const toc = KINDS.map((k) => `- [${k.heading}](#${k.kind})`);
  const body = KINDS.flatMap((spec) => renderKind(spec, bundled[spec.kind], registry, root));
  const lines = [...toc, '- [Listes de valeurs](#listes)', '- [Blocs et types communs](#types)', '', ...body, ...renderDefs(registry)];
  const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
  return `${readHeader(root)}${MARKER}\n\n${text}\n`;
}

async function main(argv) {
  const file = path.join(ROOT, DOC_FILE);
  const fresh = await generateDocs();
  if (argv.includes('--check')) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== fresh) {
      console.error(`${DOC_FILE} is out of date: run \`npm run gen:docs\``);
      process.exit(1);
    }
    console.log(`${DOC_FILE} is up to date`);
    return;
  }
  writeFileSync(file, fresh);
  console.log(`${DOC_FILE} written`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  });
}
