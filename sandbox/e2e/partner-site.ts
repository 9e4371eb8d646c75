// A partner's web page on a third origin (http://127.0.0.1:4211) for the Playwright suite:
// it loads the official connect-web-sdk ESM build from node_modules, unmodified, and records
// every handler call in `window.events`. The same server receives the sandbox's webhooks
// (POST /hook) and serves a "foreign" frame on http://localhost:4211 (another origin) that tries
// to talk to the Connect iframe.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';

const PORT = Number(process.env.PARTNER_PORT ?? 4211);
const SDK_PATH = resolve('node_modules/connect-web-sdk/dist/mastercard-connect-esm.min.js');
const SDK = readFileSync(SDK_PATH, 'utf8');

interface Hook {
  at: number;
  tag: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const hooks: Hook[] = [];

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner site</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; padding: 1rem; }
#connect-container { position: relative; width: 100%; max-width: 480px; height: 700px; border: 1px solid #888; }
</style>
</head>
<body>
<main aria-label="Partner site">
<h1>Partner site</h1>
<p>Connect your bank accounts.</p>
<div id="connect-container"></div>
__FOREIGN__
</main>
<script type="module" src="/app.js"></script>
</body>
</html>`;

const APP = `import { Connect } from '/sdk/connect-web-sdk.js';
window.events = [];
window.messages = [];
window.addEventListener('message', (e) => {
  let data;
  try { data = JSON.parse(JSON.stringify(e.data)); } catch { data = String(e.data); }
  window.messages.push({ origin: e.origin, data });
});
const record = (name) => (...args) => {
  window.events.push({ name, args: JSON.parse(JSON.stringify(args ?? [])) });
};
window.launchConnect = (url, mode, extra = {}) => {
  const handlers = {
    onLoad: record('onLoad'),
    onRoute: record('onRoute'),
    onUser: record('onUser'),
    onDone: record('onDone'),
    onCancel: record('onCancel'),
    onError: record('onError'),
  };
  if (extra.onUrl) handlers.onUrl = record('onUrl');
  const options =
    mode === 'container' ? { selector: '#connect-container' } : mode === 'popup' ? { popup: true } : {};
  const result = Connect.launch(url, handlers, options);
  return mode === 'popup' ? result !== null : true;
};
window.destroyConnect = () => Connect.destroy();
window.sdkReady = true;
`;

const FOREIGN = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Foreign frame</title></head>
<body><p>Foreign frame</p>
<script>
window.received = [];
window.addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));
// Pretend to be the SDK: ping every frame of the parent, claim OAuth windows closed.
function attack() {
  for (let i = 0; i < parent.frames.length; i++) {
    const f = parent.frames[i];
    if (f === window) continue;
    f.postMessage({ type: 'ping', sdkVersion: '2.3.0', platform: 'iframe', isPopup: false }, '*');
    f.postMessage({ type: 'window', closed: true, blocked: true }, '*');
  }
}
setInterval(attack, 100);
</script>
</body></html>`;

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  void (async () => {
    if (req.method === 'POST' && url.pathname === '/hook') {
      const body = await readBody(req);
      hooks.push({
        at: Date.now(),
        tag: url.searchParams.get('tag') ?? '',
        headers: req.headers,
        body,
      });
      return send(res, 200, 'text/plain', 'ok');
    }
    if (url.pathname === '/hooks' && req.method === 'GET') {
      const tag = url.searchParams.get('tag');
      return send(
        res,
        200,
        'application/json',
        JSON.stringify(hooks.filter((h) => !tag || h.tag === tag)),
      );
    }
    if (url.pathname === '/health') return send(res, 200, 'text/plain', 'ok');
    if (url.pathname === '/') {
      const foreign = url.searchParams.get('foreign')
        ? `<iframe id="foreign" title="Foreign frame" src="http://localhost:${PORT}/foreign" style="width:200px;height:60px"></iframe>`
        : '';
      return send(res, 200, 'text/html; charset=utf-8', PAGE.replace('__FOREIGN__', foreign));
    }
    if (url.pathname === '/app.js') return send(res, 200, 'text/javascript', APP);
    if (url.pathname === '/sdk/connect-web-sdk.js') return send(res, 200, 'text/javascript', SDK);
    if (url.pathname === '/foreign') return send(res, 200, 'text/html; charset=utf-8', FOREIGN);
    if (url.pathname === '/return') {
      const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const params = [...url.searchParams.entries()]
        .map(([k, v]) => `<li>${esc(k)}=${esc(v)}</li>`)
        .join('');
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="en"><head><title>Back at the partner</title></head><body><main><h1>Back at the partner</h1><ul id="outcome">${params}</ul></main></body></html>`,
      );
    }
    send(res, 404, 'text/plain', 'not found');
  })();
});

server.listen(PORT, '127.0.0.1');
// localhost may resolve to ::1: the foreign frame is served on http://localhost:<port>.
const server6 = createServer((req, res) => server.emit('request', req, res));
server6.on('error', () => undefined);
server6.listen(PORT, '::1');
console.log(`Partner site on http://127.0.0.1:${PORT}`);
