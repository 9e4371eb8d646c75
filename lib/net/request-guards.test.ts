import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestContext } from '../request-context';
import { createEntryHandler } from './entry';
import {
  isDecodablePath,
  isWellFormedMultipartActionBody,
  isWellFormedTextActionBody,
  PARSER_HEAD_LIMIT_BYTES,
} from './request-guards';
import { createTrustedProxies } from './trusted-proxies';

describe('request guards', () => {
  it('tells paths whose percent-encoding is not UTF-8', () => {
    expect(isDecodablePath('/api/links/%C0%AE%C0%AE')).toBe(false);
    expect(isDecodablePath('/link/%ED%A0%80')).toBe(false);
    expect(isDecodablePath('/x/%')).toBe(false);
    expect(isDecodablePath('/staff/customers/a%20b?q=%C0')).toBe(true);
    expect(isDecodablePath('/caf%C3%A9')).toBe(true);
  });

  it('accepts the text bodies React sends and refuses every other', () => {
    expect(isWellFormedTextActionBody('[{"kind":"full","note":"$$5"},"$undefined",1]')).toBe(true);
    expect(isWellFormedTextActionBody('["$n123","$D2026-01-01T00:00:00.000Z","$-0"]')).toBe(true);
    expect(isWellFormedTextActionBody('[]')).toBe(true);
    for (const bad of [
      '[',
      '',
      'null',
      '"$Q1"',
      '{"a":1}',
      '["$Q1"]',
      '[{"a":"$@0"}]',
      '["$K1"]',
      '[{"$x":1}]',
    ]) {
      expect(isWellFormedTextActionBody(bad)).toBe(false);
    }
  });
});

describe('the entry handler with its guards', () => {
  let server: http.Server;
  let port: number;
  const seen: Array<{ url: string; actionBody?: string }> = [];

  beforeAll(async () => {
    server = http.createServer(
      { maxHeaderSize: PARSER_HEAD_LIMIT_BYTES },
      createEntryHandler(async (request, response) => {
        // What Next would read: the body, from the start of the request it is handed.
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks).toString('utf8');
        const checked =
          request.headers['next-action'] !== undefined ||
          String(request.headers['content-type']).startsWith('multipart/form-data');
        seen.push({ url: request.url ?? '', actionBody: checked ? body : undefined });
        response.setHeader('X-Seen-Context', getRequestContext()?.requestId ?? 'none');
        response.end('handled');
      }, createTrustedProxies([])),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, init).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));
  const action = (body: string) => ({
    method: 'POST',
    headers: { 'Next-Action': 'abc', 'Content-Type': 'text/plain;charset=UTF-8' },
    body,
  });

  it('answers 400 to an undecodable path without calling Next', async () => {
    seen.length = 0;
    const answer = await send('/api/links/%C0%AE');
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/percent-encoding/);
    expect(seen).toEqual([]);
  });

  it('answers 400 to malformed action arguments, and hands a good body on to Next', async () => {
    seen.length = 0;
    expect((await send('/link', action('['))).status).toBe(400);
    expect((await send('/link', action('["$Q1"]'))).status).toBe(400);
    expect(seen).toEqual([]);
    const good = await send('/link', action('[{"kind":"full"}]'));
    expect(good).toEqual({ status: 200, text: 'handled' });
    expect(seen).toEqual([{ url: '/link', actionBody: '[{"kind":"full"}]' }]);
  });

  it('a checked action body reaches Next inside its request context (log lines keep the id)', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/link`, action('[1]'));
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-seen-context')).toBe(id);
  });

  it('answers 400 to a form posted to a page that cannot be read, and hands a readable one on', async () => {
    seen.length = 0;
    const formPost = (body: string) => ({
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body,
    });
    const unreadable = await send('/', formPost('157655756'));
    expect(unreadable).toEqual({ status: 400, text: 'The form could not be read.' });
    expect(seen).toEqual([]);
    const form = '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--x--\r\n';
    const readable = await send('/sign-in', formPost(form));
    expect(readable).toEqual({ status: 200, text: 'handled' });
    // Next reads the body it is handed from the start: the whole form.
    expect(seen[0]).toEqual({ url: '/sign-in', actionBody: form });
    // An unknown /api path renders the not-found page, where Next looks for an action too.
    expect((await send('/api/sdk-events', formPost('157655756'))).status).toBe(400);
    // The webhook receiver keeps every authentic body, whatever it holds: never refused here;
    // any other path under it renders the not-found page, and is checked.
    expect((await send('/api/webhooks/connect', formPost('157655756'))).status).toBe(200);
    expect((await send('/api/webhooks/other', formPost('157655756'))).status).toBe(400);
    expect(seen.map((s) => s.url)).toEqual(['/sign-in', '/api/webhooks/connect']);
  });

  it('answers 431 to a head over 16 KB, readable even while a large body is still coming', async () => {
    seen.length = 0;
    const long = `/api/ping?q=${'x'.repeat(40_000)}`;
    for (const init of [{}, { method: 'PUT', body: `{"a":"${'y'.repeat(500_000)}"}` }]) {
      const answer = await send(long, init);
      expect(answer).toEqual({ status: 431, text: 'The request head is too large (over 16 KB).' });
    }
    const cookie = { headers: { Cookie: `a=${'z'.repeat(17_000)}` } };
    expect((await send('/link', cookie)).status).toBe(431);
    expect(seen).toEqual([]);
    expect((await send(`/api/ping?q=${'x'.repeat(7_000)}`)).status).toBe(200);
  });

  it('does not wait for the end of an endless body to refuse a head over 16 KB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `http://127.0.0.1:${port}/api/ping?q=${'x'.repeat(20_000)}`,
        { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } },
        (response) => {
          clearInterval(feeding);
          resolve(response.statusCode ?? 0);
          request.destroy();
        },
      );
      request.on('error', (error) => {
        clearInterval(feeding);
        reject(error);
      });
      // 64 KB every 10 ms, never ending: only the drain limit (1 MB) can answer it.
      const feeding = setInterval(() => request.write(Buffer.alloc(64 * 1024, 120)), 10);
    });
    expect(status).toBe(431);
  }, 10_000);

  it('answers 414 to an address over 8 KB, so no answer repeating it outgrows what clients read', async () => {
    seen.length = 0;
    const answer = await send(`/api/links/?q=${'x'.repeat(9_000)}`, { method: 'PUT', body: 'x' });
    expect(answer).toEqual({ status: 414, text: 'The address is too long (over 8 KB).' });
    expect(seen).toEqual([]);
  });

  it('leaves other requests alone', async () => {
    seen.length = 0;
    const plain = await send('/api/ping', { method: 'POST', body: '[' });
    expect(plain.status).toBe(200);
    expect(seen).toEqual([{ url: '/api/ping', actionBody: undefined }]);
  });
});

describe('multipart action bodies', () => {
  const boundary = 'b0undary';
  const form = (parts: Array<[string, string]>) =>
    Buffer.from(
      parts
        .map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        )
        .join('') + `--${boundary}--\r\n`,
    );
  const check = (parts: Array<[string, string]>) =>
    isWellFormedMultipartActionBody(form(parts), `multipart/form-data; boundary=${boundary}`);

  it('accepts what React sends: a root argument list, FormData fields, outlined parts that exist', async () => {
    expect(
      await check([
        ['0', '["$undefined","$K1"]'],
        ['1_firstName', 'Ada'],
      ]),
    ).toBe(true);
    expect(
      await check([
        ['0', '["$1"]'],
        ['1', '{"a":1}'],
      ]),
    ).toBe(true);
    expect(
      await check([
        ['0', '["$Q1"]'],
        ['1', '[]'],
      ]),
    ).toBe(true);
  });

  it('refuses a missing or malformed root and references to parts that are not there', async () => {
    expect(await check([['1_firstName', 'Ada']])).toBe(false);
    expect(await check([['0', '[']])).toBe(false);
    expect(await check([['0', '["$K7","$Q3","$@2"]']])).toBe(false);
    expect(
      await check([
        ['0', '["$a"]'],
        ['1', '[]'],
      ]),
    ).toBe(false);
    expect(
      await isWellFormedMultipartActionBody(
        Buffer.from('not a form'),
        'multipart/form-data; boundary=x',
      ),
    ).toBe(false);
  });
});
