// Institutions (institution service): search, certified lists, one institution and its branding.
import {
  certifiedInstitutionToWire,
  INSTITUTION_TYPES,
  institutionToWire,
  type CatalogInstitution,
  type InstitutionType,
} from '../catalog';
import type { SandboxContext } from '../context';
import { apiError, json, type Req, type Res, type Router } from '../http';
import { parsePositiveInt } from './shared';

export function registerInstitutions(router: Router, ctx: SandboxContext): void {
  function searchParams(req: Req):
    | {
        ok: true;
        search?: string;
        start: number;
        limit: number;
        type?: InstitutionType;
        countries: boolean;
      }
    | { ok: false; res: Res } {
    const bad = (message: string) => ({ ok: false as const, res: apiError(400, 10010, message) });
    const start = parsePositiveInt(req.query.get('start'), 1);
    const limit = parsePositiveInt(req.query.get('limit'), 25);
    if (start === undefined || start < 1) return bad('"start" must be greater than or equal to 1');
    if (limit === undefined || limit < 1 || limit > 1000)
      return bad('"limit" must be between 1 and 1000');
    const type = req.query.get('type') ?? undefined;
    if (type && !(INSTITUTION_TYPES as readonly string[]).includes(type)) {
      return bad(`"type" must be one of [${INSTITUTION_TYPES.join(', ')}]`);
    }
    const countries = req.query.get('supportedCountries');
    if (countries && !/^(\*|[a-zA-Z]{2}(,[a-zA-Z]{2})*)$/.test(countries)) {
      return bad(
        '"supportedCountries" must be "*" or a comma-separated list of 2-letter country codes',
      );
    }
    // Every catalog institution is in the US.
    const matchesCountry =
      !countries || countries === '*' || countries.toLowerCase().split(',').includes('us');
    return {
      ok: true,
      search: req.query.get('search') ?? undefined,
      start,
      limit,
      type: type as InstitutionType | undefined,
      countries: matchesCountry,
    };
  }

  // Every list answers the same page fields; only the date's name and the institution shape differ.
  function listResponse(
    req: Req,
    dateKey: 'createdDate' | 'requestedDate',
    toWire: (inst: CatalogInstitution) => unknown,
  ): Res {
    const q = searchParams(req);
    if (!q.ok) return q.res;
    const result = q.countries
      ? ctx.catalog.search(q)
      : { found: 0, institutions: [], moreAvailable: false };
    return json(200, {
      found: result.found,
      displaying: result.institutions.length,
      moreAvailable: result.moreAvailable,
      [dateKey]: Math.floor(ctx.clock.now() / 1000),
      institutions: result.institutions.map(toWire),
    });
  }

  router.add('GET', '/institution/v2/institutions', (req) =>
    listResponse(req, 'createdDate', (inst) => institutionToWire(inst, ctx.config.publicUrl)),
  );

  const certified = (withRssd: boolean) => (req: Req) =>
    listResponse(req, 'requestedDate', (inst) => certifiedInstitutionToWire(inst, withRssd));
  router.add('GET', '/institution/v2/certifiedInstitutions', certified(false));
  router.add('GET', '/institution/v2/certifiedInstitutions/rssd', certified(true));

  const findInstitution = (req: Req) => {
    const raw = req.params.institutionId ?? '';
    return /^\d+$/.test(raw) ? ctx.catalog.get(Number(raw)) : undefined;
  };
  router.add('GET', '/institution/v2/institutions/{institutionId}', (req) => {
    const inst = findInstitution(req);
    if (!inst) return apiError(404, 14006, 'Institution not found.');
    return json(200, { institution: institutionToWire(inst, ctx.config.publicUrl) });
  });
  router.add('GET', '/institution/v2/institutions/{institutionId}/branding', (req) => {
    const inst = findInstitution(req);
    if (!inst) return apiError(404, 14006, 'Institution not found.');
    return json(200, { branding: institutionToWire(inst, ctx.config.publicUrl).branding });
  });
}
