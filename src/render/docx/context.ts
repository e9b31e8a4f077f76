/**
 * What one DOCX needs besides its body while it is built: numbering definitions (one per ordered
 * list) and the review comments as Word comments.
 */
import { AnnotationReference, Paragraph, TextRun, type ICommentOptions, type INumberingOptions } from 'docx';
import type { ReviewCommentView, SheetView } from '../../view/model.js';
import { documentText } from '../../view/locale.js';
import { cleanXmlText, textRuns } from './text.js';
import { OCHRE_DARK, BULLETS } from './layout.js';
import { bulletLevels, orderedLevels } from './styles.js';

/** Collects what the document needs besides its body: numbering definitions, review comments. */
export class Context {
  readonly numbering: Array<INumberingOptions['config'][number]> = [{ reference: BULLETS, levels: bulletLevels() }];
  /** Word comments (`word/comments.xml`), ids 0, 1, 2… in document order (unique in combined documents). */
  readonly comments: ICommentOptions[] = [];
  private ordered = 0;

  /** @param lang the document's language (labels written in the document). */
  constructor(readonly lang: SheetView['lang'] = 'fr') {}

  /** Registers a review comment as a Word comment and returns its id (for the range and reference marks). */
  comment(comment: ReviewCommentView): number {
    const id = this.comments.length;
    this.comments.push(reviewComment(id, comment, this.lang));
    return id;
  }

  /** A fresh numbering reference for one ordered list (each list restarts at its own `start`). */
  orderedList(start: number): string {
    const reference = `capi-ordered-${++this.ordered}`;
    this.numbering.push({ reference, levels: orderedLevels(Number.isInteger(start) && start >= 0 ? start : 1) });
    return reference;
  }
}

/** Initials of a reviewer for Word's comment balloon: « Karima El Moudden » → « KEM » (at most 4 letters). */
function initials(name: string): string {
  return name
    .split(/[\s\-–]+/u)
    .map((word) => [...word].find((c) => /\p{L}/u.test(c)) ?? '')
    .join('')
    .toUpperCase()
    .slice(0, 4);
}

/**
 * A review comment as a Word comment: author = the reviewer, date = the review date (`YYYY-MM-DD`,
 * written as noon UTC so that every reader from UTC−11 to UTC+11 shows that same day — midnight UTC is
 * the day before in Word west of Greenwich; Word's current time when the review has none), one
 * paragraph « [n° N · champ] texte »
 * so the researcher knows which `capi review --resoudre N` closes it.
 */
function reviewComment(id: number, comment: ReviewCommentView, lang: SheetView['lang']): ICommentOptions {
  const author = cleanXmlText(comment.author).trim();
  const day = comment.date && /^\d{4}-\d{2}-\d{2}$/.test(comment.date) ? new Date(`${comment.date}T12:00:00Z`) : undefined;
  const label = documentText(lang).t('docx.reviewComment', { number: comment.number, field: comment.field });
  return {
    id,
    ...(author ? { author, initials: initials(author) } : {}),
    ...(day && !Number.isNaN(day.getTime()) ? { date: day } : {}),
    children: [
      new Paragraph({
        children: [
          new TextRun({ children: [new AnnotationReference()] }),
          ...textRuns(`${label} `, { bold: true, color: OCHRE_DARK }),
          ...textRuns(comment.text),
        ],
      }),
    ],
  };
}
