/** The sheet and configuration types, generated from the JSON Schemas (see scripts/gen-types.mjs). */
export type { FicheRetourDExperience as ReSheet } from './re.js';
export type { FicheOSIM as OsimSheet } from './osim.js';
export type { ConfigurationDeLEspaceDeTravailCapi as CapiConfig, ChercheurSe, Recueil, Territoire } from './config.js';
export type { GlossaireDuRecueil as GlossarySheet, EntreeDuGlossaire as GlossaryTerm } from './glossary.js';
