// A small router and response helpers for the sandbox's HTTP surface.
import type { IncomingHttpHeaders } from 'node:http';

export interface Req {
  method: string;
  path: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  rawBody: Buffer;
  /** "METHOD /template", e.g. "GET /aggregation/v1/customers/{customerId}" */
  endpoint: string;
}

export interface Res {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Handler = (req: Req) => Promise<Res> | Res;

/**
 * `api`: Open Finance endpoints (need Finicity-App-Key, and a token unless `auth` is 'appKey');
 * `control`: /__sandbox/* (refused when the control API is disabled); `public`: pages and assets.
 */
export type RouteGroup = 'api' | 'control' | 'public';

export interface Route {
  method: string;
  template: string;
  group: RouteGroup;
  auth: 'token' | 'appKey' | 'none';
  handler: Handler;
  pattern: RegExp;
  keys: string[];
}

export class HttpError extends Error {
  constructor(readonly response: Res) {
    super(`HTTP ${response.status}`);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Res {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function noContent(): Res {
  return { status: 204 };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Res {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body };
}

/** Error body of the aggregation / decisioning / institution services: numeric code. */
export function apiError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): Res {
  return json(status, { code, message, ...extra });
}

export const USER_MESSAGE_INVALID =
  'One or more of the fields could not be validated. Please ensure you have entered the correct data.';

/** Error body of the Connect service: string code plus status, user_message and tags (as the official tests show). */
export function connectError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Res {
  return json(status, {
    code,
    status: String(status),
    message,
    user_message: USER_MESSAGE_INVALID,
    tags: '',
    ...extra,
  });
}

export const badRequest = () => apiError(400, 14020, 'Bad request.');

/** Parse the JSON body: anything but a JSON object is a 400 error body. */
export function jsonBody(req: Req, onError: () => Res = badRequest): Record<string, unknown> {
  const text = req.rawBody.toString('utf8').trim();
  if (text === '') throw new HttpError(onError());
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(onError());
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(onError());
  return value as Record<string, unknown>;
}

export class Router {
  readonly routes: Route[] = [];

  add(
    method: string,
    template: string,
    handler: Handler,
    options: { group?: RouteGroup; auth?: Route['auth'] } = {},
  ): void {
    const keys: string[] = [];
    const source = template
      .split('/')
      .map((part) => {
        const m = /^\{(\w+)\}$/.exec(part);
        if (m) {
          keys.push(m[1] as string);
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({
      method,
      template,
      group: options.group ?? 'api',
      auth: options.auth ?? (options.group && options.group !== 'api' ? 'none' : 'token'),
      handler,
      pattern: new RegExp(`^${source}/?$`),
      keys,
    });
  }

  match(
    method: string,
    path: string,
  ): { route?: Route; params: Record<string, string>; allowed: string[] } {
    const allowed: string[] = [];
    let found: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      allowed.push(route.method);
      if (!found && route.method === method) {
        const params: Record<string, string> = {};
        route.keys.forEach((key, i) => {
          params[key] = decodeURIComponent(m[i + 1] ?? '');
        });
        found = { route, params };
      }
    }
    if (found) return { ...found, allowed };
    return { params: {}, allowed };
  }
}
