/**
 * The DOCX theme part (`word/theme/theme1.xml`, DrawingML, ECMA-376 Part 1 §20.1.6): the part Word
 * writes in every document, with the palette of the sheets as theme colours and their fonts as theme
 * fonts, so Word's colour and font pickers offer the publication's own.
 */
import { GREY, INK, OCHRE, RULE, TEAL, TEAL_LIGHT, OCHRE_DARK } from './layout.js';

const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';

/** A solid fill of a scheme colour, as a fill or line style of the format scheme. */
const PH_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>';

/**
 * The theme part as a string: colour scheme (dark 1 ink, light 1 white, accents from the sheets'
 * palette), font scheme (headings and body in `fonts.latin`, Arabic script in `fonts.arabic`) and the
 * minimal format scheme the schema asks for (three fills, lines, effects and background fills).
 *
 * @param fonts font family names as the document's styles name them.
 */
export function themeXml(fonts: { latin: string; arabic: string }): string {
  const srgb = (tag: string, hex: string) => `<a:${tag}><a:srgbClr val="${hex}"/></a:${tag}>`;
  const fontSet = (tag: string) =>
    `<a:${tag}><a:latin typeface="${fonts.latin}"/><a:ea typeface=""/><a:cs typeface="${fonts.arabic}"/><a:font script="Arab" typeface="${fonts.arabic}"/></a:${tag}>`;
  const line = (w: number) => `<a:ln w="${w}" cap="flat" cmpd="sng" algn="ctr">${PH_FILL}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<a:theme xmlns:a="${A_NS}" name="Fiches de capitalisation"><a:themeElements>` +
    '<a:clrScheme name="Fiches de capitalisation">' +
    srgb('dk1', INK) +
    srgb('lt1', 'FFFFFF') +
    srgb('dk2', TEAL) +
    srgb('lt2', TEAL_LIGHT) +
    srgb('accent1', TEAL) +
    srgb('accent2', OCHRE) +
    srgb('accent3', OCHRE_DARK) +
    srgb('accent4', GREY) +
    srgb('accent5', RULE) +
    srgb('accent6', '4F6D3A') +
    srgb('hlink', TEAL) +
    srgb('folHlink', OCHRE_DARK) +
    '</a:clrScheme>' +
    `<a:fontScheme name="Fiches de capitalisation">${fontSet('majorFont')}${fontSet('minorFont')}</a:fontScheme>` +
    '<a:fmtScheme name="Fiches de capitalisation">' +
    `<a:fillStyleLst>${PH_FILL}${PH_FILL}${PH_FILL}</a:fillStyleLst>` +
    `<a:lnStyleLst>${line(6350)}${line(12700)}${line(19050)}</a:lnStyleLst>` +
    '<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>' +
    `<a:bgFillStyleLst>${PH_FILL}${PH_FILL}${PH_FILL}</a:bgFillStyleLst>` +
    '</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>'
  );
}
