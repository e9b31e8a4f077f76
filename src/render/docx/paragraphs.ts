/**
 * Paragraphs of text: one string (split by script, right-to-left when Arabic), rich text (paragraphs
 * and lists) and the spacer after a table.
 */
import { AlignmentType, LineRuleType, Paragraph, type IParagraphOptions } from 'docx';
import type { RichBlock } from '../../view/model.js';
import { inlineRuns, inlineText, isRtl, textRuns, type RunStyle } from './text.js';
import { BULLETS } from './layout.js';
import { Context } from './context.js';

/** A paragraph of one string: split by script, `w:bidi` when its main script is Arabic. */
export function textParagraph(text: string, options: Omit<IParagraphOptions, 'children'> = {}, run: RunStyle = {}): Paragraph {
  const rtl = isRtl(text);
  return new Paragraph({ ...options, ...(rtl ? rtlOptions(options) : {}), children: textRuns(text, run) });
}

/**
 * Paragraph options for a right-to-left paragraph: `w:bidi`, and no `w:jc` — in a bidi paragraph
 * Word reads `left`/`right` as start/end, so leaving alignment unset puts the text flush right.
 */
export function rtlOptions(options: Omit<IParagraphOptions, 'children'>): Omit<IParagraphOptions, 'children'> {
  const align = options.alignment;
  return {
    bidirectional: true,
    alignment: align === AlignmentType.CENTER || align === AlignmentType.BOTH ? align : undefined,
  };
}

/** Text of about two lines of body text (characters): a first paragraph this short is kept with the next. */
const TWO_LINES = 190;

/**
 * Narrative text as paragraphs (widow and orphan control: never one line alone at a page's foot or top)
 * and list items.
 * @param keepFirst the text follows a heading or a label: its first paragraph is kept whole
 *   (`keepLines`) and, when it is a list item or about two lines or less, with the next paragraph
 *   (`keepNext`), so that the heading always has at least two lines of it on its page
 */
export function richParagraphs(blocks: RichBlock[], ctx: Context, depth = 0, keepFirst = false): Paragraph[] {
  const out: Paragraph[] = [];
  const keep = (text: string, item: boolean): Omit<IParagraphOptions, 'children'> => {
    if (!keepFirst || out.length > 0) return {};
    return { keepLines: true, ...(item || [...text].length <= TWO_LINES ? { keepNext: true } : {}) };
  };
  for (const [index, block] of blocks.entries()) {
    if (block.type === 'paragraph') {
      const text = inlineText(block.children);
      const rtl = isRtl(text);
      const last = index === blocks.length - 1;
      out.push(new Paragraph({ widowControl: true, ...(last ? {} : keep(text, false)), ...(rtl ? rtlOptions({}) : {}), children: inlineRuns(block.children) }));
      continue;
    }
    const reference = block.ordered ? ctx.orderedList(block.start) : BULLETS;
    for (const item of block.items) {
      let first = true;
      for (const sub of item) {
        if (sub.type === 'list') {
          out.push(...richParagraphs([sub], ctx, depth + 1, keepFirst && out.length === 0));
          continue;
        }
        const text = inlineText(sub.children);
        const rtl = isRtl(text);
        const base: Omit<IParagraphOptions, 'children'> = first
          ? { style: 'ListParagraph', numbering: { reference, level: Math.min(depth, 8) } }
          : { style: 'ListParagraph', indent: { left: 397 + Math.min(depth, 8) * 397 } };
        const alone = block.items.length === 1 && item.length === 1 && index === blocks.length - 1;
        out.push(new Paragraph({ ...base, widowControl: true, ...(alone ? {} : keep(text, true)), ...(rtl ? { bidirectional: true } : {}), children: inlineRuns(sub.children) }));
        first = false;
      }
    }
  }
  return out;
}

/** Space after a table (Word glues the next paragraph to it otherwise). */
export function spacer(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 200, lineRule: LineRuleType.AUTO }, children: [] });
}
