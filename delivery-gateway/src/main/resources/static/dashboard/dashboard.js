// Herald merchant dashboard: sign in against the ingest API, get a short-lived ticket for the
// shop, open the gateway's event stream with it. EventSource cannot send headers, hence the
// ticket; the access token itself never goes into a URL. On error the page fetches a new ticket
// and reopens the stream with lastEventId = the last id it saw, so nothing is missed.
(() => {
  'use strict';
  const api = new URLSearchParams(location.search).get('api') || 'http://127.0.0.1:8081';
  const $ = (id) => document.getElementById(id);
  const MAX_ROWS = 100;
  let accessToken = null, shopId = null, source = null, lastEventId = null, retryDelay = 1000, failures = 0;

  $('api').textContent = 'ingest API: ' + api;

  function status(text, ok) {
    $('status').textContent = text;
    $('status').className = ok ? 'ok' : 'bad';
  }

  async function post(path, body, token) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const res = await fetch(api + path, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.detail || json.title || ('HTTP ' + res.status));
    return json;
  }

  $('signin').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const session = await post('/v1/sessions', { email: $('email').value, password: $('password').value });
      accessToken = session.accessToken;
      shopId = $('shop').value.trim();
      lastEventId = null;
      ['checkouts', 'messages'].forEach((id) => { $(id).textContent = ''; });
      await connect();
    } catch (err) {
      status('sign-in failed: ' + err.message, false);
    }
  });

  async function connect() {
    if (source) source.close();
    let ticket;
    try {
      ticket = (await post('/v1/tickets', { scope: 'shop:' + shopId }, accessToken)).ticket;
    } catch (err) {
      status('no ticket: ' + err.message + ' (retrying)', false);
      return retryLater();
    }
    const params = new URLSearchParams({ ticket });
    if (lastEventId) params.set('lastEventId', lastEventId);
    else params.set('lastMinutes', '5');
    source = new EventSource('/v1/shops/' + encodeURIComponent(shopId) + '/stream?' + params);
    source.onopen = () => { status('live: shop ' + shopId, true); retryDelay = 1000; failures = 0; };
    source.onerror = () => {
      // The ticket in the URL is short-lived, so a reconnect by EventSource itself would fail:
      // close it and reopen with a fresh ticket, resuming after the last event seen. If that keeps
      // failing (e.g. the id was refused after a topic change), start over from the recent past.
      source.close();
      if (++failures >= 3) { lastEventId = null; failures = 0; }
      status('reconnecting…', false);
      retryLater();
    };
    source.addEventListener('checkout', (ev) => { lastEventId = ev.lastEventId; showCheckout(JSON.parse(ev.data)); });
    source.addEventListener('message', (ev) => { lastEventId = ev.lastEventId; showMessage(JSON.parse(ev.data)); });
    source.addEventListener('stats', (ev) => { lastEventId = ev.lastEventId; showStats(JSON.parse(ev.data)); });
    source.addEventListener('overflow', () => { source.close(); retryLater(); });
  }

  function retryLater() {
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  const money = (minor, currency) => (minor / 100).toFixed(2) + ' ' + currency;
  const time = (iso) => new Date(iso).toLocaleTimeString();

  function prepend(listId, text) {
    const li = document.createElement('li');
    li.textContent = text; // textContent, never innerHTML: event fields come from customers
    const list = $(listId);
    list.prepend(li);
    while (list.children.length > MAX_ROWS) list.lastChild.remove();
  }

  function showCheckout(c) {
    const items = c.items.map((i) => i.quantity + '× ' + i.name).join(', ');
    prepend('checkouts', time(c.occurredAt) + ' · ' + money(c.totalMinor, c.currency) + ' · ' + items + ' (' + c.channel + ')');
  }

  function showMessage(m) {
    prepend('messages', time(m.occurredAt) + ' · ' + m.kind + ' from ' + m.senderId + ': ' + m.body);
  }

  let shownWindow = '';
  function showStats(s) {
    if (s.windowStart < shownWindow) return; // an older window re-emitted late: keep the newest
    shownWindow = s.windowStart;
    const table = document.createElement('table');
    const row = (k, v) => { const tr = table.insertRow(); tr.insertCell().textContent = k; tr.insertCell().textContent = v; };
    row('window', time(s.windowStart) + ' – ' + time(s.windowEnd));
    row('orders', s.orders);
    row('revenue', Object.entries(s.revenueMinor).map(([cur, minor]) => money(minor, cur)).join(', ') || '0');
    row('items sold', s.itemsSold);
    s.topItems.forEach((i, n) => row('#' + (n + 1), i.quantity + '× ' + i.name));
    $('stats').replaceChildren(table);
  }
})();
