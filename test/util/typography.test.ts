import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { englishTypography, frenchTypography, isBlank } from '../../src/util/typography.js';
import { readerDate, readerDateRange } from '../../src/util/dates.js';
import { shortenTitle, visibleLength } from '../../src/view/text.js';
import { hyphenateFrench } from '../../src/view/hyphenate.js';
import { inGuillemets } from '../../src/view/typeset.js';

const N = '\u00a0'; // no-break space
const F = '\u202f'; // narrow no-break space
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

describe('frenchTypography', () => {
  it.each([
    ['les femmes le disent : « l\'eau est arrivée » ; ils répondent «enfin!» et demandent : «pourquoi ?»', `les femmes le disent${N}: «${N}l’eau est arrivée${N}»${F}; ils répondent «${N}enfin${F}!${N}» et demandent${N}: «${N}pourquoi${F}?${N}»`],
    ['Participation des foyers (800 MAD par foyer) : 249 600 MAD', `Participation des foyers (800${N}MAD par foyer)${N}: 249${F}600${N}MAD`],
    ['11,4 km de conduites, 150 m³, 30 % des foyers, 4,5 l/s, 18 kWc', `11,4${N}km de conduites, 150${N}m³, 30${N}% des foyers, 4,5${N}l/s, 18${N}kWc`],
    ['2 750 000 MAD et 30 000 €', `2${F}750${F}000${N}MAD et 30${F}000${N}€`],
    ['“Guillemets de Word”', `«${N}Guillemets de Word${N}»`],
    ['il a dit "merci" !', `il a dit «${N}merci${N}»${F}!`],
    ['aujourd\'hui', 'aujourd’hui'],
    ['à 10:30, 3 mois, en 2012 100 familles', `à 10:30, 3 mois, en 2012 100 familles`],
    ['Quoi ?!', `Quoi${F}?!`],
  ])('%s', (input, expected) => {
    expect(frenchTypography(input)).toBe(expected);
    expect(frenchTypography(expected)).toBe(expected); // idempotent
  });

  it.each([
    'INF-TIZ-001',
    'https://example.org/projet?a=1;b=2',
    'salma.aitlhaj@example.org',
    'OSIM-FR-06',
    'examples/re/RE-TIZ-01.yaml',
  ])('leaves the code-like token %s as written', (token) => {
    expect(frenchTypography(`Voir ${token} : merci`)).toBe(`Voir ${token}${N}: merci`);
  });

  it('English typography adds no space before a colon, keeps apostrophes and units', () => {
    expect(englishTypography("Women's share: 30 % of 12 km")).toBe(`Women’s share: 30${N}% of 12${N}km`);
  });

  it.each([['', true], ['   ', true], [`${N}${F}\u00ad`, true], ['\t\n', true], ['a', false], [' x ', false]])('isBlank(%j) is %s', (text, blank) => {
    expect(isBlank(text)).toBe(blank);
  });
});

describe('dates for readers, whatever the time zone', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['2022-05-09', undefined, `9${N}mai 2022`],
    ['2022-06-01', undefined, `1er${N}juin 2022`],
    ['2022-06-02', '2022-06-21', `2–21${N}juin 2022`],
    ['2022-05-28', '2022-06-03', `28${N}mai – 3${N}juin 2022`],
    ['2015-03', '2018-06', 'mars 2015 – juin 2018'],
    ['2021-12-31', '2022-01-02', `31${N}décembre 2021 – 2${N}janvier 2022`],
    ['2019', undefined, '2019'],
    ['été 2022', undefined, 'été 2022'],
  ];
  for (const tz of ['America/Los_Angeles', 'Asia/Tokyo', 'UTC']) {
    it.each(cases)(`${tz}: %s – %s → %s`, (start, end, expected) => {
      const before = process.env.TZ;
      process.env.TZ = tz;
      try {
        expect(readerDateRange(start, end, MONTHS, 'fr')).toBe(expected);
      } finally {
        process.env.TZ = before;
      }
    });
  }
  it('English: no « 1er »', () => {
    expect(readerDate('2022-06-01', ['January', 'February', 'March', 'April', 'May', 'June'], 'en')).toBe(`1${N}June 2022`);
  });
});

describe('grapheme-safe lengths', () => {
  it.each([
    ['e\u0301'.repeat(12), 6, 'é'],
    ['لَوْلَا مُسَاهَمَةُ أَبْنَاءِ الدُّوَارِ فِي فَرَنْسَا', 10, 'َ'],
    ['ⵣⵉⴽⴽ ⵜⵉⵡⵜⵎⵉⵏ ⴰⵔ ⵜⵜⴰⵙⵉⵏⵜ ⴰⵎⴰⵏ ⵖ ⵓⵖⴱⴰⵍⵓ', 12, ''],
    ['👩🏽‍🌾👩🏽‍🌾👩🏽‍🌾👩🏽‍🌾👩🏽‍🌾', 3, '👩🏽‍🌾'],
  ])('shortenTitle(%s, %i) never cuts a cluster', (title, max, _) => {
    const short = shortenTitle(title, max);
    expect(visibleLength(short)).toBeLessThanOrEqual(max);
    expect(short.endsWith('…')).toBe(true);
    const kept = short.slice(0, -1);
    expect(title.startsWith(kept)).toBe(true);
    // the cut falls between two clusters of the original
    const boundaries = new Set([0]);
    let at = 0;
    for (const s of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(title)) boundaries.add((at += s.segment.length));
    expect(boundaries.has(kept.length)).toBe(true);
  });
  it('counts what a reader sees', () => {
    expect(visibleLength('e\u0301te\u0301')).toBe(3);
    expect(visibleLength('👩🏽‍🌾')).toBe(1);
    expect(visibleLength('élec\u00adtri\u00adcité')).toBe(11);
  });
});

describe('hyphenation and quotes', () => {
  it('puts soft hyphens in long French words only', () => {
    expect(hyphenateFrench('l’électrification du douar')).toBe('l’élec\u00adtri\u00adfi\u00adca\u00adtion du douar');
    for (const kept of ['INF-TIZ-001', 'https://example.org/alphabetisation', 'Gennevilliers', 'ONEE', 'ⵜⵉⵡⵜⵎⵉⵏ', 'الدواوير']) expect(hyphenateFrench(kept)).toBe(kept);
  });
  it.each([
    ['Avant, on nous voyait.', `«${N}Avant, on nous voyait.${N}»`],
    ['« Avant, on nous voyait. »', `«${N}Avant, on nous voyait.${N}»`],
    ['“Avant, on nous voyait.”', `«${N}Avant, on nous voyait.${N}»`],
    ['Aman d tudert,\naman d afulki,\nɣassad.\n', `«${N}Aman d tudert,\naman d afulki,\nɣassad.${N}»`],
    ['« Il a dit » et « elle a dit »', `«${N}« Il a dit » et « elle a dit »${N}»`],
  ])('inGuillemets(%j)', (text, expected) => {
    expect(inGuillemets(text)).toBe(expected);
    expect(inGuillemets(expected)).toBe(expected);
  });

  it('skips the rules whose sign a text lacks, with the answer of every rule run on it', () => {
    // the rules as they were, each run on every text (outsideCode's split kept: it is not changed)
    const NBSP = '\u00a0';
    const NNBSP = '\u202f';
    const UNIT = /(\d)[ \u00a0\u202f]+(km²|km|MAD|%|m)(?![\p{L}\p{N}])/gu;
    const everyRule = (part: string) => {
      let s = part.replace(/(?<=\p{L})'(?=\p{L})/gu, '’');
      s = s.replace(/“\s*([^“”]*?)\s*”/g, '«$1»').replace(/"\s*([^"]*?)\s*"/g, '«$1»');
      s = s.replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`).replace(/[ \u00a0\u202f]*»/g, `${NBSP}»`);
      s = s.replace(/(?<=[\p{L}\p{N}»)\]’.…])[ \u00a0\u202f]*([;!?]+)/gu, `${NNBSP}$1`).replace(/ ([;!?])/g, `${NNBSP}$1`);
      s = s.replace(/(?<=[\p{L}»)\]’.…%])[ \u00a0\u202f]*:(?!\d)/gu, `${NBSP}:`).replace(/(?<=\d)[ \u00a0\u202f]+:/g, `${NBSP}:`).replace(/ :/g, `${NBSP}:`);
      return s.replace(/(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d])/g, (_, head: string, groups: string) => head + groups.replace(/[ \u00a0]/g, NNBSP)).replace(UNIT, `$1${NBSP}$2`);
    };
    const pieces = fc.constantFrom('a', 'é', "'", '"', '“', '”', '«', '»', ' ', '\u00a0', ';', '!', '?', ':', '1', '249', '600', 'km', 'MAD', '%', '.', ')', '’', 'ب');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 14 }).map((a) => a.join('')), (text) => {
        expect(frenchTypography(text)).toBe(text ? everyRule(text) : text);
      }),
      { numRuns: 5000 },
    );
  });
});
