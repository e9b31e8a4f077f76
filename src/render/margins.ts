/**
 * The texts of the running header and footer, the same for the PDF (@page margin boxes, see
 * `templates/partials/page-margins.hbs`) and the DOCX (`./docx/page.ts`): header = shortened title on
 * the left, place on the right; footer = organisation · kind of sheet on the left, the sheet's id in the
 * middle, the page number on the right.
 */
import type { PlaceView, SheetView } from '../view/model.js';
import { shortenTitle } from '../view/text.js';

/** Longest running-header title, in characters as the reader sees them (then « … »). */
export const MARGIN_TITLE_LENGTH = 80;

/** « Afella Ighir أفلا إغير · Tiznit تيزنيت »: commune then province, each with its Arabic name. */
export function marginPlace(place: PlaceView | undefined): string {
  if (!place) return '';
  return `${place.commune}${place.communeAr ? ` ${place.communeAr}` : ''} · ${place.province}${place.provinceAr ? ` ${place.provinceAr}` : ''}`;
}

/** The running header's and footer's texts of a sheet (plain text; the renderers escape them). */
export function marginTexts(view: SheetView): { title: string; place: string; org: string; id: string } {
  return {
    title: shortenTitle(view.title, MARGIN_TITLE_LENGTH),
    place: marginPlace(view.place),
    org: `${view.organisation} · ${view.kindLabel}`,
    id: view.id,
  };
}
