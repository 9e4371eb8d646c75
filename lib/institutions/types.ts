/** The shape of GET /api/institutions; pure so the browser can use it. */
export interface InstitutionSummary {
  id: number;
  name: string;
  url: string | null;
  logoUrl: string | null;
  oauth: boolean;
}

export interface InstitutionResults {
  institutions: InstitutionSummary[];
  found: number;
  page: number;
  moreAvailable: boolean;
}
