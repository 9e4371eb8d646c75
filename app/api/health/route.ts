import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';

// The full report for operators: database and API host (never an upstream sign-in), answered
// within 2 s. Load balancers ask /api/health/live.
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, {
    status: health.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
