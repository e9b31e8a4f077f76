/**
 * The texts of the running header and footer, the same for the PDF (@page margin boxes, see
 * `templates/partials/page-margins.hbs`) and the DOCX (`./docx/page.ts`): header = shortened title on
 * the left, place on the right; footer = organisation · kind of sheet on the left, the sheet's id in the
 * middle, the page number on the right.
 */
import type { PlaceView, SheetView } from '../view/model.js';
import { shortenTitle } from '../view/text.js';
import { MARGIN_PLACE_MAX, MARGIN_TITLE_MAX } from '../view/frame.js';

/**
 * « Afella Ighir أفلا إغير · province de Tiznit تيزنيت », « … · préfecture d’Agadir-Ida-Ou-Tanane »:
 * commune then province or préfecture (named by its type, from the reference list), each with its
 * Arabic name, shortened to fit the header's right box (MARGIN_PLACE_MAX).
 */
export function marginPlace(place: PlaceView | undefined): string {
  if (!place) return '';
  const province = place.provincePhrase ?? place.province;
  const commune = `${place.commune}${place.communeAr ? ` ${place.communeAr}` : ''}`;
  const full = `${commune} · ${province}${place.provinceAr ? ` ${place.provinceAr}` : ''}`;
  // too long: the province's Arabic name goes first, then the commune's, then the line is shortened
  const shorter = [full, `${commune} · ${province}`, `${place.commune} · ${province}`];
  return shorter.find((s) => [...s].length <= MARGIN_PLACE_MAX) ?? shortenTitle(shorter[2]!, MARGIN_PLACE_MAX);
}

/** The running header's and footer's texts of a sheet (plain text; the renderers escape them). */
export function marginTexts(view: SheetView): { title: string; place: string; org: string; id: string; reference: string; mark: string } {
  return {
    title: shortenTitle(view.title, MARGIN_TITLE_MAX),
    place: marginPlace(view.place),
    org: `${view.organisation} · ${view.kindLabel}`,
    id: view.id,
    // the footer's reference: a sheet id, never a file slug (`double-regard-…`, `rapport-deroulement`)
    reference: view.frame.reference,
    // « Document interne — ne pas diffuser » (internal edition), « BROUILLON » (a draft): every page
    mark: [view.frame.internalMark, view.frame.draftMark].filter(Boolean).join(' · '),
  };
}
