export const dynamic = 'force-dynamic';

// Load balancers' liveness probe and the webhook benchmark's baseline: answers without any work.
export function GET() {
  return new Response('ok');
}

export function POST() {
  return new Response('ok');
}
