/** A prefecture or province of Souss-Massa (HCP reference list). */
export interface Province {
  code: string;
  nameFr: string;
  nameAr: string;
  type: 'province' | 'prefecture';
}

/** A commune of Souss-Massa (HCP reference list). Populations are inhabitants at the censuses. */
export interface Commune {
  code: string;
  slug: string;
  nameFr: string;
  nameAr: string;
  type: 'urban' | 'rural';
  provinceCode: string;
  population2024: number;
  population2014: number;
}
