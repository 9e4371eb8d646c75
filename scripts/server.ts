/**
 * The portal's entry server: Next's production server behind a small Node HTTP server of ours
 * (Next's custom-server API), so that the portal, not whoever connects, decides who the client is.
 * Every request gets the client address from the socket (or, from a proxy in TRUSTED_PROXIES, the
 * right-most forwarded hop not in the list) and a request id (a trusted proxy's X-Request-Id or a
 * new one) carried in an AsyncLocalStorage context into every log line; see lib/net/entry.ts.
 * Graceful shutdown belongs here too.
 *
 * Run by `npm start` (scripts/start.ts), the e2e servers and the benchmarks:
 *   node --import tsx scripts/server.ts      (PORT from the environment; after `next build`)
 * `npm run dev` keeps `next dev`, whose own server believes X-Forwarded-For.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { EnvError, parseEnv } from '../lib/env-schema';
import { log } from '../lib/log';
import { answerClientError, createEntryHandler } from '../lib/net/entry';
import { PARSER_HEAD_LIMIT_BYTES } from '../lib/net/request-guards';
import { createTrustedProxies } from '../lib/net/trusted-proxies';

const root = path.resolve(import.meta.dirname, '..');
const HOSTNAME = '127.0.0.1';

// Before Next is loaded: it reads NODE_ENV as it loads.
(process.env as Record<string, string>).NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { default: next } = await import('next');
const app = next({ dev: false, dir: root, hostname: HOSTNAME, port: env.port });
await app.prepare();
const handle = app.getRequestHandler();
const trusted = createTrustedProxies(env.trustedProxies);

const server = createServer(
  { maxHeaderSize: PARSER_HEAD_LIMIT_BYTES },
  createEntryHandler((req, res) => handle(req, res), trusted),
);
server.on('clientError', answerClientError);
server.listen(env.port, HOSTNAME, () => {
  log.info('portal.listening', {
    url: `http://${HOSTNAME}:${env.port}`,
    trustedProxies: trusted.entries.length > 0 ? trusted.entries.join(' ') : 'none',
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    process.exit(0);
  });
}
