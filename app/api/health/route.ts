import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';

// Liveness for operators and load balancers: database and API host, never an upstream sign-in.
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, {
    status: health.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
