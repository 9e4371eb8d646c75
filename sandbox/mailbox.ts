// The sandbox mailbox: every Send Email call lands here instead of being sent.
// HTML pages for people (/mailbox, /mailbox/{id}); JSON under the control API for tests.
import type { MailRecord } from './store';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0; color: #1b1b1b; background: #f4f5f7; line-height: 1.5; }
  header, main { max-width: 56rem; margin: 0 auto; padding: 1rem 1.5rem; }
  header { border-bottom: 1px solid #c8ccd2; }
  h1 { font-size: 1.5rem; margin: .5rem 0; }
  h2 { font-size: 1.25rem; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  caption { text-align: left; font-weight: 600; padding: .5rem 0; }
  th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid #d5d9de; }
  a { color: #0b4f9c; }
  a:focus, .button:focus { outline: 3px solid #1a73e8; outline-offset: 2px; }
  .email { background: #fff; border: 1px solid #c8ccd2; border-radius: 8px; padding: 1.5rem; }
  .meta { color: #3d4248; margin: 0 0 1rem; }
  .meta dt { font-weight: 600; float: left; clear: left; width: 5rem; }
  .meta dd { margin: 0 0 .25rem 5.5rem; }
  .button { display: inline-block; background: #0b4f9c; color: #ffffff; padding: .75rem 1.25rem; border-radius: 6px; text-decoration: none; font-weight: 600; }
  .signature { margin-top: 1.5rem; }
  .signature p { margin: 0; }
  footer.fi { margin-top: 1.5rem; color: #3d4248; font-size: .95rem; border-top: 1px solid #d5d9de; padding-top: 1rem; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p><a href="/mailbox">Sandbox mailbox</a></p></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

export function renderMailboxPage(messages: MailRecord[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<tr>
  <td><a href="/mailbox/${encodeURIComponent(m.id)}">${escapeHtml(m.subject)}</a></td>
  <td>${escapeHtml(m.to)}</td>
  <td><time datetime="${new Date(m.createdAt).toISOString()}">${escapeHtml(new Date(m.createdAt).toUTCString())}</time></td>
</tr>`,
    )
    .join('\n');
  const content =
    messages.length === 0
      ? '<p>No messages yet. Every call to Send Data Connect Email lands here.</p>'
      : `<table>
<caption>${messages.length} message${messages.length === 1 ? '' : 's'}, newest first</caption>
<thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Received</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return page('Sandbox mailbox', `<h1>Sandbox mailbox</h1>\n${content}`);
}

export function renderMailPage(message: MailRecord): string {
  const greeting = message.firstName ? `Hi ${escapeHtml(message.firstName)},` : 'Hello,';
  const requester = message.institutionName ? escapeHtml(message.institutionName) : 'Your lender';
  const signature = message.signature.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  const footer = [message.institutionName, message.institutionAddress]
    .filter((line): line is string => Boolean(line))
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
  const support = message.supportPhone
    ? `<p>Questions? Call <a href="tel:${escapeHtml(message.supportPhone.replace(/[^0-9+]/g, ''))}">${escapeHtml(message.supportPhone)}</a>.</p>`
    : '';
  const body = `<h1>${escapeHtml(message.subject)}</h1>
<dl class="meta">
  <dt>From</dt><dd>${escapeHtml(message.from)}</dd>
  <dt>To</dt><dd>${escapeHtml(message.to)}</dd>
  <dt>Sent</dt><dd><time datetime="${new Date(message.createdAt).toISOString()}">${escapeHtml(new Date(message.createdAt).toUTCString())}</time></dd>
</dl>
<article class="email" aria-labelledby="email-greeting">
  <h2 id="email-greeting">${greeting}</h2>
  <p>${requester} is asking you to verify your financial information by securely connecting your accounts with Mastercard Open Finance.</p>
  <p>It only takes a few minutes. This link expires in 3 days.</p>
  <p><a class="button" href="${escapeHtml(message.link)}">Connect your accounts</a></p>
  ${support}
  ${signature ? `<div class="signature">${signature}</div>` : ''}
  ${footer ? `<footer class="fi">${footer}</footer>` : ''}
</article>`;
  return page(`${message.subject} — Sandbox mailbox`, body);
}

export function renderNotFoundPage(): string {
  return page(
    'Message not found — Sandbox mailbox',
    '<h1>Message not found</h1>\n<p><a href="/mailbox">Back to the mailbox</a></p>',
  );
}
