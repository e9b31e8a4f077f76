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

export function richParagraphs(blocks: RichBlock[], ctx: Context, depth = 0): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph') {
      const rtl = isRtl(inlineText(block.children));
      out.push(new Paragraph({ ...(rtl ? rtlOptions({}) : {}), children: inlineRuns(block.children) }));
      continue;
    }
    const reference = block.ordered ? ctx.orderedList(block.start) : BULLETS;
    for (const item of block.items) {
      let first = true;
      for (const sub of item) {
        if (sub.type === 'list') {
          out.push(...richParagraphs([sub], ctx, depth + 1));
          continue;
        }
        const rtl = isRtl(inlineText(sub.children));
        const base: Omit<IParagraphOptions, 'children'> = first
          ? { style: 'ListParagraph', numbering: { reference, level: Math.min(depth, 8) } }
          : { style: 'ListParagraph', indent: { left: 397 + Math.min(depth, 8) * 397 } };
        out.push(new Paragraph({ ...base, ...(rtl ? { bidirectional: true } : {}), children: inlineRuns(sub.children) }));
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
