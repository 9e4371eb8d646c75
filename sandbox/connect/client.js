// Data Connect sandbox: the page script of the hosted Connect pages.
// - Talks to the official Web SDK with postMessage: learns the embedding page's origin from the
//   SDK's first `ping` (from window.parent in iframe mode, window.opener in popup mode), answers
//   every ping with `ack`, and posts `{type, data}` messages only to that origin. Messages from
//   any other window or origin are ignored.
// - Talks to the sandbox with fetch: every step is an action on the server session, and the page
//   polls the session so that timers on the sandbox clock, OAuth returns and slow discovery show
//   up without a user action. The server queues the SDK messages; the page posts them in order.
// - Loaded in the page's <head>, before the body exists: a form submitted or an Exit pressed while
//   the page is still arriving is held and carried out once it is ready, never sent to the server
//   as a plain form (which would navigate the frame away from the session).
(function () {
  'use strict';
  var submitForm = null; // set once the page is ready (start)
  var held = null;

  document.addEventListener('submit', function (event) {
    var form =
      event.target && event.target.closest ? event.target.closest('form[data-action]') : null;
    if (!form) return;
    event.preventDefault();
    if (submitForm) submitForm(form);
    else held = { form: form };
  });
  document.addEventListener('click', function (event) {
    if (submitForm || !event.target || !event.target.closest) return;
    var button = event.target.closest('#exit-button, #refused-exit');
    if (button) held = { button: button };
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();

  function start() {
    var bootEl = document.getElementById('connect-boot');
    if (!bootEl) return;
    var boot = JSON.parse(bootEl.textContent || '{}');
    var main = document.getElementById('main');
    var announcer = document.getElementById('announcer');
    var POLL_MS = 500;
    var SDK_WAIT_MS = 1500;
    var TERMINAL = { done: true, cancel: true, error: true };

    var partner = null; // { origin, target, popup }
    var pingWaiters = [];
    var queue = [];
    var queuedSeq = 0;
    var postedSeq = 0;
    var version = typeof boot.version === 'number' ? boot.version : 0;
    var ended = false;
    var busy = false;
    var redirectTo = boot.redirect || null;
    var pollTimer = null;

    function whenSdk(ms) {
      return new Promise(function (resolve) {
        if (partner) return resolve(true);
        var timer = setTimeout(function () {
          resolve(partner !== null);
        }, ms);
        pingWaiters.push(function () {
          clearTimeout(timer);
          resolve(true);
        });
      });
    }

    function post(message) {
      if (partner) partner.target.postMessage(message, partner.origin);
    }

    function toWire(m) {
      if (m.type === 'url') return { type: 'url', url: m.url };
      if (m.data !== undefined) return { type: m.type, data: m.data };
      return { type: m.type };
    }

    function flush() {
      if (!partner) return;
      while (queue.length > 0) {
        var m = queue.shift();
        post(toWire(m));
        postedSeq = m.seq;
        if (TERMINAL[m.type]) stopPolling();
      }
    }

    function enqueue(messages) {
      var terminal = false;
      (messages || []).forEach(function (m) {
        if (m.seq > queuedSeq) {
          queue.push(m);
          queuedSeq = m.seq;
          if (TERMINAL[m.type]) terminal = true;
        }
      });
      flush();
      if (terminal) finishWithoutSdk();
    }

    // Opened in a plain tab (emailed link, redirect integrations): no SDK answers, so the page
    // finishes on its own screen or goes to the link's redirectUri with the outcome.
    function finishWithoutSdk() {
      whenSdk(SDK_WAIT_MS).then(function (hasSdk) {
        if (!hasSdk && redirectTo) window.location.assign(redirectTo);
      });
    }

    window.addEventListener('message', function (event) {
      var data = event.data;
      if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
      var fromParent = window.parent !== window && event.source === window.parent;
      var fromOpener = !!window.opener && event.source === window.opener;
      if (!fromParent && !fromOpener) return;
      if (!partner) {
        if (data.type !== 'ping') return;
        partner = {
          origin: event.origin,
          target: event.source,
          popup: data.isPopup === true || data.platform === 'web',
        };
        pingWaiters.splice(0).forEach(function (fn) {
          fn();
        });
      }
      if (event.origin !== partner.origin || event.source !== partner.target) return;
      if (data.type === 'ping') {
        post({ type: 'ack' });
        flush();
      } else if (data.type === 'window' && boot.session) {
        send({
          action: 'oauth-window',
          closed: data.closed === true,
          blocked: data.blocked === true,
        });
      }
    });

    function announce(text) {
      if (!announcer) return;
      announcer.textContent = '';
      setTimeout(function () {
        announcer.textContent = text;
      }, 50);
    }

    function render(res, sameScreen) {
      main.innerHTML = res.html;
      if (res.title) document.title = res.title;
      var target = null;
      if (sameScreen) target = main.querySelector('form input:not([type=hidden])');
      if (!target) target = main.querySelector('h1');
      if (target) target.focus();
    }

    var currentScreen = boot.screen || null;

    function apply(res) {
      if (!res || typeof res.version !== 'number' || res.version < version) return;
      if (typeof res.html === 'string' && res.version !== version) {
        var same = res.screen === currentScreen;
        currentScreen = res.screen;
        render(res, same);
      }
      version = res.version;
      if (res.redirect) redirectTo = res.redirect;
      if (res.invalid) announce(res.invalid);
      timeoutDialog(res.alert === true && !res.ended);
      enqueue(res.messages);
      if (res.ended) {
        ended = true;
        stopPolling();
      }
      if (res.navigate) {
        // Tell the server what was posted before this window leaves for the institution.
        request('GET', 'poll').then(function () {
          window.location.assign(res.navigate);
        });
      }
    }

    function request(method, path, body) {
      var url = '/connect/s/' + boot.session + '/' + path + '?v=' + version + '&seq=' + postedSeq;
      var init = { method: method, headers: { Accept: 'application/json' }, cache: 'no-store' };
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      return fetch(url, init).then(function (r) {
        return r.json();
      });
    }

    function setBusy(form, on) {
      busy = on;
      main.setAttribute('aria-busy', on ? 'true' : 'false');
      if (!form) return;
      Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) {
        b.disabled = on;
      });
    }

    function send(data, form) {
      if (!boot.session || ended) return Promise.resolve();
      setBusy(form, true);
      return request('POST', 'action', data)
        .then(apply)
        .catch(function () {
          announce('Something went wrong. Try again.');
        })
        .then(function () {
          setBusy(form, false);
        });
    }

    function poll() {
      if (busy || ended || !boot.session) return;
      request('GET', 'poll')
        .then(apply)
        .catch(function () {});
    }

    function stopPolling() {
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = null;
    }

    function submit(form) {
      if (busy) return;
      var data = { action: form.getAttribute('data-action') };
      var fd = new FormData(form);
      fd.forEach(function (_value, key) {
        var values = fd.getAll(key).map(String);
        data[key] = key === 'accountIds' ? values : values[0];
      });
      if (data.action === 'oauth-start') {
        // With the SDK in an iframe, the SDK opens the institution (`url`); in the SDK's popup
        // (same window name) or a plain tab, this window goes to the institution itself.
        whenSdk(SDK_WAIT_MS).then(function () {
          data.mode = partner && !partner.popup ? 'sdk' : 'window';
          send(data, form);
        });
        return;
      }
      send(data, form);
    }

    // Exit with confirmation.
    var exitButton = document.getElementById('exit-button');
    var exitDialog = document.getElementById('exit-dialog');
    if (exitButton && exitDialog) {
      exitButton.addEventListener('click', function () {
        if (ended) return;
        exitDialog.showModal();
        request('POST', 'action', { action: 'exit-prompt' })
          .then(apply)
          .catch(function () {});
      });
      document.getElementById('exit-cancel').addEventListener('click', function () {
        exitDialog.close();
      });
      document.getElementById('exit-confirm').addEventListener('click', function () {
        exitDialog.close();
        send({ action: 'exit' });
      });
    }

    // Inactivity alert (deadlines are on the sandbox clock; the server says when).
    var tDialog = document.getElementById('timeout-dialog');
    function timeoutDialog(show) {
      if (!tDialog) return;
      if (show && !tDialog.open) tDialog.showModal();
      if (!show && tDialog.open) tDialog.close();
    }
    if (tDialog) {
      tDialog.addEventListener('cancel', function (event) {
        event.preventDefault();
      });
      document.getElementById('timeout-continue').addEventListener('click', function () {
        tDialog.close();
        send({ action: 'continue' });
      });
    }

    // Refused links: the error page; `error` reaches the SDK when the person leaves it.
    if (boot.refused) {
      enqueue(boot.messages);
      var refusedExit = document.getElementById('refused-exit');
      if (refusedExit) {
        refusedExit.addEventListener('click', function () {
          enqueue([{ seq: 1000, type: boot.exit.type, data: boot.exit.data }]);
          whenSdk(SDK_WAIT_MS).then(function (hasSdk) {
            if (!hasSdk && !redirectTo) {
              main.innerHTML =
                '<h1 tabindex="-1">You can close this window</h1><p>Data Connect did not start.</p>';
              main.querySelector('h1').focus();
            }
          });
        });
      }
      becomeReady();
      return;
    }

    enqueue(boot.messages);
    pollTimer = setInterval(poll, POLL_MS);
    poll();
    becomeReady();

    function becomeReady() {
      submitForm = submit;
      var early = held;
      held = null;
      if (early && early.form && early.form.isConnected) submit(early.form);
      if (early && early.button && early.button.isConnected) early.button.click();
    }
  }
})();
