import { getLang } from '../../i18n/index.js';
import { documentText } from '../../view/locale.js';
import { placeLabel } from '../../util/text.js';

/** The statut's label in the interface language (« validée », « validated »), `?` when the sheet has none. */
export const statusLabel = (s: string) => (s ? documentText(getLang()).enumLabel('common.schema.json#/$defs/statut', s) : '?');

/** « Commune (Arabic name), Province » of an RE sheet in the link graph. */
export const sheetPlace = (r: { commune: string; communeAr?: string; province: string }) => `${placeLabel(r.commune, r.communeAr)}, ${r.province}`;
