import type { Diagnostic } from '../../validate/diagnostic.js';
import { t } from '../../i18n/index.js';

/** « N fiche(s) vérifiée(s) : E erreur(s), W avertissement(s). » for the diagnostics `counted`. */
export function summaryLine(counted: readonly Diagnostic[], sheets: number): string {
  const errors = counted.filter((d) => d.severity === 'error').length;
  return counted.length === 0 ? t('summary.ok', { files: sheets }) : t('summary.problems', { files: sheets, errors, warnings: counted.length - errors });
}
