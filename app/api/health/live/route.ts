import { NextResponse } from 'next/server';
import { checkLiveness } from '@/lib/health';

// For load balancers: the database only, so a Mastercard outage does not take every instance out
// of rotation (the full report, with the API host, is /api/health).
export async function GET() {
  const live = await checkLiveness();
  return NextResponse.json(live, {
    status: live.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
