/**
 * The view model: what a rendered sheet shows, computed once from a checked sheet and its workspace,
 * and drawn by every renderer (HTML→PDF through handlebars, DOCX through `docx`). Renderers only
 * format: every label, every order and every choice of what to show is made here.
 *
 * Strings in the view model are plain text (never HTML). They may mix scripts (French with an Arabic
 * word); renderers split them with `splitScripts()` from `./scripts.js` to isolate right-to-left runs
 * and pick fonts.
 */

/** Inline content of a narrative paragraph (the Markdown subset capi accepts). */
export type Inline =
  | { type: 'text'; value: string }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'strong'; children: Inline[] }
  | { type: 'break' };

/** Block content of a narrative field: paragraphs and (nested) bullet or numbered lists. */
export type RichBlock =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: RichBlock[][] };

/** A script family, used to choose direction, language tag and font. */
export type Script = 'latin' | 'arabic' | 'tifinagh';

/** A quote from a local actor, in its language, with its French translation. */
export interface QuoteView {
  /** The words as spoken (any script). */
  text: string;
  /** BCP 47 tag of the quote: `fr`, `ar`, `ary`, `zgh`, `ber-Latn`. */
  lang: string;
  /** Human label of the language, e.g. « arabe ». */
  langLabel: string;
  /** Main script of `text`. */
  script: Script;
  /** Base direction of `text`. */
  dir: 'rtl' | 'ltr';
  /** French translation; absent when the quote is in French. */
  translation?: string;
  /** Attribution line, e.g. « INF-TIZ-007, élu·e communal·e ». */
  attribution: string;
  /** False when the informant did not consent to publication (shown in the internal edition only). */
  publishable: boolean;
}

/** One content block inside a section. */
export type Block =
  /** Narrative text (paragraphs, lists). */
  | { type: 'rich'; blocks: RichBlock[] }
  /** Label/value pairs (a two-column table in both formats). */
  | { type: 'fields'; rows: Array<{ label: string; value: string }> }
  /** A simple bullet list of plain strings. */
  | { type: 'list'; items: string[] }
  /** A table with a header row; every row has `head.length` cells. */
  | { type: 'table'; head: string[]; rows: string[][] }
  /** A quote with translation. */
  | { type: 'quote'; quote: QuoteView }
  /** A photo: absolute path of a PNG/JPEG file inside the workspace, width and height in pixels. */
  | { type: 'photo'; file: string; width: number; height: number; caption: string; credit: string }
  /** A labelled rating, e.g. appreciation « Satisfaisante » (level 3 of 4; 0 when not stated). */
  | { type: 'rating'; label: string; value: string; level: number; max: number }
  /**
   * A note in italics (e.g. « Section non renseignée. »). With `lead`, it is a label that introduces the
   * blocks after it (« Preuves et éléments probants : »): renderers keep it on the page of their first
   * lines (PDF `break-after: avoid`, DOCX `keepNext`), never alone at the foot of a page.
   */
  | { type: 'note'; text: string; lead?: boolean }
  /**
   * Side-by-side columns (the « regard croisé »: France side beside territory side). Two columns in the
   * PDF, a two-column table in the DOCX. Each column has a heading and blocks of any type but `columns`.
   */
  | { type: 'columns'; columns: Array<{ title: string; subtitle?: string; blocks: Block[] }> }
  /**
   * A horizontal bar chart (fieldwork report): one bar per label, values ≥ 0 in `unit` (e.g.
   * « entretiens »). PDF: an SVG drawn by the template; DOCX: a native drawing of bars (table cells).
   */
  | { type: 'chart'; title: string; unit: string; bars: Array<{ label: string; value: number }> };

/** A coordinator's review comment, shown on the section it is about (`capi render --relecture`). */
export interface ReviewCommentView {
  /** 1-based number of the comment in the sheet's `revue.commentaires` (what `capi review --resoudre N` takes). */
  number: number;
  /** The reviewer (`revue.relecteur`). */
  author: string;
  /** ISO date `YYYY-MM-DD` of the review, when known (metadata: Word's comment date, HTML `datetime`). */
  date?: string;
  /** The same date for readers, « 9 mai 2022 » (set by `typesetView`); never print `date` itself. */
  dateText?: string;
  /**
   * The field the comment is about, as readers name it: French labels from the schema titles, e.g.
   * « Perceptions des acteurs locaux n° 1 › Citations » (never a raw path like `perceptions.0.citations`).
   */
  field: string;
  /** The raw field path of `revue.commentaires[].champ`, e.g. `perceptions.0.citations` (for tools, never printed). */
  path?: string;
  text: string;
}

/**
 * A section of the sheet. Level 1 sections become Heading 1 / PDF bookmarks; level 2 become Heading 2;
 * level 3 (used in combined documents, where a whole sheet is one level-1 part) become Heading 3.
 */
export interface SectionView {
  /** Stable anchor, e.g. `contributions`, `perceptions-2` (unique within the document). */
  id: string;
  title: string;
  level: 1 | 2 | 3;
  /** Start this section on a new page (each sheet of a combined document). */
  pageBreakBefore?: boolean;
  /**
   * Open review comments about this section (review edition only): Word comments anchored on the
   * section in the DOCX, margin notes in the PDF.
   */
  comments?: ReviewCommentView[];
  blocks: Block[];
  children: SectionView[];
}

/** Place shown in the page header: official French names with their Arabic names. */
export interface PlaceView {
  province: string;
  /** « province de Tiznit », « préfecture d’Agadir-Ida-Ou-Tanane » (the type from the reference list). */
  provincePhrase?: string;
  provinceAr?: string;
  commune: string;
  communeAr?: string;
  douars: string[];
}

/** Everything a renderer needs to draw one sheet. */
/** What a booklet shows of a sheet outside its own pages (contents, indexes, bookmarks): a part of its view. */
export type SheetHeading = Pick<SheetView, 'id' | 'title' | 'subtitle' | 'place'>;

export interface SheetView {
  kind: 're' | 'osim' | 'report';
  /** « Fiche retour d'expérience », « Fiche OSIM » or « Rapport de déroulement » (`capi report`). */
  kindLabel: string;
  id: string;
  title: string;
  /** Secondary title line (project title for RE, acronym and seat for OSIM). */
  subtitle?: string;
  /** Document language (`langue_documents` of the configuration, `fr` by default): HTML `lang`, PDF and Word language, every label. */
  lang: 'fr' | 'en';
  status: string;
  statusLabel: string;
  /** Authors as display strings, e.g. « Salma Amrani (enquêtrice) ». */
  authors: string[];
  place?: PlaceView;
  /**
   * The key-facts box of the first page: for an RE sheet total cost (with the diaspora's share),
   * period, beneficiaries, carried by, partners, sectors (see `./facts.js`); for an OSIM sheet seat and
   * territory. Internal metadata (id, status) is not here.
   */
  summary: Array<{ label: string; value: string }>;
  /** Lead paragraph of the first page, plain text: what the project is and what it brought (RE sheets). */
  lead?: string;
  /** Absolute path of the organisation's logo (`logo` of `capi.config.yaml`: PNG, JPEG or SVG), on the first page. */
  logo?: string;
  sections: SectionView[];
  /**
   * Sheet file path relative to the workspace (`re/RE-TIZ-01.yaml`). Never printed in a publication:
   * only the review edition shows it, in `colophon.provenance`.
   */
  source: string;
  /** The organisation publishing the document (`organisation` of `capi.config.yaml`), in its masthead and margins. */
  organisation: string;
  /** The end of the document: organisation, edition, version, credits, licence, how to cite it. */
  colophon: ColophonView;
  /** What the margins of every page say besides the title: reference, internal and draft marks. */
  frame: FrameView;
  /** Credit line of the reference data, shown when place names from it are printed. */
  dataCredit: string;
}

/**
 * The colophon closing a publication (single sheet, double regard, report, booklet): who publishes it,
 * when, which version, who made it, under which licence and how to cite it. Printed in one block kept
 * with the end of the text (never alone on a page). No file path and no tool name, except in
 * `provenance` (review edition only).
 */
export interface ColophonView {
  /** Lines in print order, e.g. « Migrations & Développement », « Édition du 30 novembre 2026 », « Version : … », « Enquête et rédaction : … », « Licence : CC BY 4.0 ». */
  lines: string[];
  /** « Pour citer ce document : Aït Lhaj S., El Moudden K. (2026). Titre. Fiche retour d'expérience RE-TIZ-01. Migrations & Développement. » */
  citation: string;
  /** Review edition only: the source file and the tool that produced the document (« Source : re/RE-TIZ-01.yaml · capi 0.1.0 »). */
  provenance?: string;
}

/**
 * The frame of every page (running header and footer, marks), decided here so that the PDF and the
 * DOCX say the same thing.
 */
export interface FrameView {
  /** Reference printed in the footer: the sheet's id (« RE-TIZ-01 »), the OSIM id of a double regard, empty for the report; never a file name. */
  reference: string;
  /** « Document interne — ne pas diffuser » on every page of an internal edition; absent in the public edition. */
  internalMark?: string;
  /** « BROUILLON » on every page of a document made from a sheet whose statut is `brouillon`. */
  draftMark?: string;
}
