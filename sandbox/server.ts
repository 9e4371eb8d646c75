// The sandbox HTTP server: Open Finance API, mailbox, institution assets and control API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { registerApi } from './api';
import { checkCredentials } from './api/authentication';
import { createCatalog, renderInstitutionSvg, type AssetVariant, type Catalog } from './catalog';
import { createClock } from './clock';
import { registerConnectPages } from './connect/routes';
import type { SandboxConfig, SandboxContext } from './context';
import {
  createControlState,
  logRequest,
  registerControl,
  takeFaults,
  type ControlState,
} from './control';
import { apiError, html, HttpError, Router, type Req, type Res } from './http';
import { renderMailboxPage, renderMailPage, renderNotFoundPage } from './mailbox';
import { createStore, seedState } from './store';
import { createWebhookDispatcher } from './webhooks';

export const DEFAULTS = {
  port: 4010,
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
};

export interface SandboxOptions {
  /** 0 picks a free port */
  port?: number;
  /** one or more addresses; default 127.0.0.1 and ::1 */
  host?: string | string[];
  /** DATA_DIR: state goes in DATA_DIR/sandbox */
  dataDir: string;
  partnerId?: string;
  partnerSecret?: string;
  appKey?: string;
  controlApi?: boolean;
  publicUrl?: string;
  frameAncestors?: string;
  /** log API requests to stdout */
  verbose?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  ctx: SandboxContext;
  router: Router;
  control: ControlState;
  /** write state to disk now */
  flush(): void;
  close(): Promise<void>;
}

let sharedCatalog: Catalog | undefined;
/** The catalog is deterministic and read-only: build it once per process. */
export function getCatalog(): Catalog {
  sharedCatalog ??= createCatalog();
  return sharedCatalog;
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function faultResponse(status: number): Res {
  if (status === 429) return apiError(429, 429, 'Too many requests.', {});
  const messages: Record<number, string> = {
    500: 'Internal server error.',
    502: 'Bad gateway.',
    503: 'Service unavailable.',
    504: 'Gateway timeout.',
  };
  return apiError(status, status, messages[status] ?? 'Server error.');
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const config: SandboxConfig = {
    partnerId: options.partnerId ?? DEFAULTS.partnerId,
    partnerSecret: options.partnerSecret ?? DEFAULTS.partnerSecret,
    appKey: options.appKey ?? DEFAULTS.appKey,
    publicUrl: (options.publicUrl ?? '').replace(/\/$/, ''),
    controlApi: options.controlApi ?? true,
    frameAncestors: options.frameAncestors ?? '*',
  };
  const clock = createClock();
  const makeSeed = () =>
    seedState({
      partnerId: config.partnerId,
      partnerSecret: config.partnerSecret,
      now: clock.now(),
    });
  const store = createStore(join(options.dataDir, 'sandbox'), makeSeed);
  // A different partner configured than the one stored: start over from the seed.
  if (store.state.partner.id !== config.partnerId) store.reset(makeSeed());
  clock.setOffset(store.state.clockOffsetMs);
  clock.onChange((offset) => {
    store.state.clockOffsetMs = offset;
    store.save();
  });
  const catalog = getCatalog();
  const webhooks = createWebhookDispatcher({ store, clock });
  const ctx: SandboxContext = { config, store, clock, catalog, webhooks };
  const control = createControlState();
  const router = new Router();

  const reset = () => {
    webhooks.cancelAll();
    control.faults = [];
    control.requests = [];
    clock.setOffset(0);
    store.reset(makeSeed());
  };

  registerApi(router, ctx);
  registerControl(router, ctx, control, { reset });
  registerConnectPages(router, ctx);

  router.add('GET', '/mailbox', () => html(200, renderMailboxPage(store.state.mailbox)), {
    group: 'public',
  });
  router.add(
    'GET',
    '/mailbox/{messageId}',
    (req) => {
      const message = store.state.mailbox.find((m) => m.id === req.params.messageId);
      return message ? html(200, renderMailPage(message)) : html(404, renderNotFoundPage());
    },
    { group: 'public' },
  );
  router.add(
    'GET',
    '/assets/institutions/{institutionId}/{file}',
    (req) => {
      const inst = /^\d+$/.test(req.params.institutionId ?? '')
        ? catalog.get(Number(req.params.institutionId))
        : undefined;
      const variant = /^(logo|alternateLogo|icon|tile)\.svg$/.exec(req.params.file ?? '')?.[1] as
        AssetVariant | undefined;
      if (!inst || !variant) return apiError(404, 14001, 'Resource not found.');
      return {
        status: 200,
        headers: {
          'Content-Type': 'image/svg+xml; charset=utf-8',
          'Cache-Control': 'public, max-age=86400',
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
        },
        body: renderInstitutionSvg(inst, variant),
      };
    },
    { group: 'public' },
  );

  async function route(req: IncomingMessage, res: ServerResponse): Promise<Res | 'dropped'> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const rawBody = await readBody(req);
    if (rawBody === undefined) return apiError(413, 14020, 'Request body too large.');
    const matched = router.match(method === 'HEAD' ? 'GET' : method, path);
    const route = matched.route;
    if (!route) {
      if (matched.allowed.length > 0) {
        return apiError(405, 405, `Method ${method} is not allowed for ${path}.`, {});
      }
      return apiError(404, 14001, 'Resource not found.');
    }
    if (route.group === 'control' && !config.controlApi && route.template !== '/__sandbox/health') {
      return apiError(404, 14001, 'Resource not found.');
    }
    const request: Req = {
      method,
      path,
      url,
      query: url.searchParams,
      headers: req.headers,
      params: matched.params,
      rawBody,
      endpoint: `${route.method} ${route.template}`,
    };
    if (route.group === 'api') {
      const entry = logRequest(control, {
        at: clock.now(),
        method,
        path,
        endpoint: request.endpoint,
      });
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      if (options.verbose) console.log(`${method} ${path}`);
      for (const fault of takeFaults(control, request.endpoint)) {
        if (fault.latencyMs) await sleep(fault.latencyMs);
        if (fault.drop) {
          entry.status = 0;
          req.socket.destroy();
          return 'dropped';
        }
        if (fault.status) return faultResponse(fault.status);
      }
      const refused = checkCredentials(ctx, request, route.auth === 'token');
      if (refused) return refused;
    }
    return route.handler(request);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let response: Res | 'dropped';
    try {
      response = await route(req, res);
    } catch (error) {
      if (error instanceof HttpError) response = error.response;
      else {
        console.error('sandbox: unexpected error', error);
        response = apiError(500, 500, 'Internal server error.');
      }
    }
    if (response === 'dropped') return;
    const headers: Record<string, string> = {
      'Cache-Control': 'no-store',
      ...(response.headers ?? {}),
    };
    if (response.status === 405) {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      headers.Allow = [...new Set(router.match('', url.pathname).allowed)].join(', ');
    }
    if ((headers['Content-Type'] ?? '').startsWith('text/html')) {
      const ancestors = config.frameAncestors === '*' ? '*' : config.frameAncestors;
      headers['Content-Security-Policy'] =
        `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; ` +
        `img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`;
      headers['X-Content-Type-Options'] = 'nosniff';
    }
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  const hosts = Array.isArray(options.host) ? options.host : [options.host ?? '127.0.0.1'];
  const servers: Server[] = [];
  let port = options.port ?? 0;
  try {
    for (const host of hosts) {
      const server = createServer((req, res) => {
        void handle(req, res);
      });
      server.keepAliveTimeout = 5000;
      port = await listen(server, port, host);
      servers.push(server);
    }
  } catch (error) {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    throw error;
  }
  if (!config.publicUrl) config.publicUrl = `http://localhost:${port}`;
  webhooks.resume();

  return {
    url: `http://localhost:${port}`,
    port,
    ctx,
    router,
    control,
    flush: () => store.flush(),
    close: async () => {
      webhooks.cancelAll();
      clock.stop();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
      await webhooks.idle();
      store.flush();
    },
  };
}
