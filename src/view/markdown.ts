import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Inline, RichBlock } from './model.js';

type MdNode = { type: string; value?: string; children?: MdNode[]; ordered?: boolean | null; start?: number | null; alt?: string | null };

/**
 * Parses a narrative field (the Markdown subset capi accepts: paragraphs, *emphasis*, **strong**,
 * bullet and numbered lists, line breaks) into the view model's rich text, with mdast-util-from-markdown.
 *
 * Anything outside the subset is kept as plain text, never as markup: raw HTML prints as typed, headings
 * become paragraphs, links keep their text, code keeps its content. Returns `[]` for empty text.
 */
export function parseRichText(text: string | null | undefined): RichBlock[] {
  if (!text || text.trim() === '') return [];
  const tree = fromMarkdown(text) as MdNode;
  return blocks(tree.children ?? []);
}

function blocks(nodes: MdNode[]): RichBlock[] {
  const out: RichBlock[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        out.push({ type: 'paragraph', children: inlines(node.children ?? []) });
        break;
      case 'list':
        out.push({
          type: 'list',
          ordered: Boolean(node.ordered),
          start: node.start ?? 1,
          items: (node.children ?? []).map((item) => blocks(item.children ?? [])),
        });
        break;
      case 'blockquote':
        out.push(...blocks(node.children ?? []));
        break;
      case 'code':
      case 'html':
        if (node.value) out.push({ type: 'paragraph', children: [{ type: 'text', value: node.value }] });
        break;
      case 'thematicBreak':
        break;
      default:
        if (node.children) out.push(...blocks(node.children));
        else if (node.value) out.push({ type: 'paragraph', children: [{ type: 'text', value: node.value }] });
    }
  }
  return out;
}

function inlines(nodes: MdNode[]): Inline[] {
  const out: Inline[] = [];
  const push = (value: string) => {
    const last = out[out.length - 1];
    if (last?.type === 'text') last.value += value;
    else out.push({ type: 'text', value });
  };
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
      case 'html':
        // a line break inside a paragraph's source is a space in print (Markdown's soft break)
        push((node.value ?? '').replace(/[ \t]*\n[ \t]*/g, ' '));
        break;
      case 'emphasis':
        out.push({ type: 'emphasis', children: inlines(node.children ?? []) });
        break;
      case 'strong':
        out.push({ type: 'strong', children: inlines(node.children ?? []) });
        break;
      case 'break':
        out.push({ type: 'break' });
        break;
      case 'image':
        push(node.alt ?? '');
        break;
      default:
        for (const child of inlines(node.children ?? [])) {
          if (child.type === 'text') push(child.value);
          else out.push(child);
        }
    }
  }
  return out;
}
