import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { hasSession } from '@/lib/customers/current';
import { INSTITUTION_PAGE_SIZE, searchInstitutions } from '@/lib/institutions/search';
import { answerFailures } from '@/lib/net/route-failure';
import { isApiError } from '@/lib/openfinance';

// Institution search for the Lite flow (customers and staff only); our own response shape.
const querySchema = z.object({
  search: z.string().trim().max(100, 'Search for at most 100 characters.').default(''),
  start: z.coerce.number().int().min(1, 'start is a page number from 1.').max(1000).default(1),
  limit: z.coerce.number().int().min(1).max(50).default(INSTITUTION_PAGE_SIZE),
});

export const GET = answerFailures('institutions', async function GET(request: NextRequest) {
  if (!(await hasSession())) {
    return NextResponse.json({ error: 'Sign in first.' }, { status: 401 });
  }
  const parsed = querySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) {
    return NextResponse.json(
      { error: parsed.error.issues[0]?.message ?? 'Invalid search.' },
      { status: 400 },
    );
  }
  try {
    const results = await searchInstitutions({
      search: parsed.data.search,
      page: parsed.data.start,
      limit: parsed.data.limit,
    });
    // no-transform: the answer (about 2 KB) is sent as is. Gzip would save about 1.4 KB, but on this
    // per-keystroke route it costs more time than the bytes do (measured with npm run bench:search);
    // Next's compression honours the directive, and so must any proxy.
    return NextResponse.json(results, {
      headers: { 'Cache-Control': 'private, max-age=30, no-transform' },
    });
  } catch (error) {
    const message = isApiError(error) ? error.safeMessage : 'The search failed. Try again.';
    return NextResponse.json({ error: message }, { status: 502 });
  }
});
