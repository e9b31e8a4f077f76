import type { Lang } from '../types.js';
import { fr } from './fr.js';
import { en } from './en.js';

export type { DocumentLocale } from './types.js';
import type { DocumentLocale } from './types.js';

/** The document languages, French first (the reference: every key exists there). */
export const documentLocales: Record<Lang, DocumentLocale> = { fr, en };
