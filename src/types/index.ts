/** The sheet types, generated from the JSON Schemas (see scripts/gen-types.mjs). */
export type { FicheRetourDExperience as ReSheet } from './re.js';
export type { FicheOSIM as OsimSheet } from './osim.js';
