// Herald merchant dashboard. Signs in against the ingest API (whose address the gateway tells it),
// lets the merchant pick one of the shops its token names, and opens the shop's event stream with a
// 60-second ticket (EventSource cannot send an Authorization header). After any drop (network,
// gateway restart, overflow, expired token) it gets a fresh ticket and reopens with
// lastEventId = the last id it saw, so the gateway replays exactly what was missed; the page says
// how many missed events came back ("reconnected, 3 missed events replayed").
import { $, el, startPage, showError, ApiError, Backoff, showConnection, clock, boundedSet } from '/pages/common.js';
import { drawChart } from '/dashboard/chart.js';

const MINUTES = 30;        // chart span, and how far back a fresh stream starts (lastMinutes)
const MAX_ROWS = 100;      // checkouts / messages kept on the page; older rows are dropped
const MAX_SEEN = 2000;     // event ids remembered to drop a repeat after a fallback restart
const OPEN_TIMEOUT = 15000; // a stream not open by then is closed and opened again

let session = null, shopId = null, source = null, lastEventId = null;
let opened = false, dropped = false, resumedAt = 0, replayed = 0, failures = 0, timer = null;
const backoff = new Backoff();
const windows = new Map();          // windowStart ms → stats, at most MINUTES + 1 entries
const seen = new Set();             // eventIds of checkouts and messages shown
const formats = new Map();          // currency → Intl.NumberFormat

function money(minor, currency) {
  let f = formats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch (e) {
      f = { format: (v) => v.toFixed(2) + ' ' + currency, resolvedOptions: () => ({ maximumFractionDigits: 2 }) };
    }
    formats.set(currency, f);
  }
  return f.format(minor / 10 ** f.resolvedOptions().maximumFractionDigits);
}

const error = showError;

async function start() {
  session = await startPage(signedIn);
  if (!session) return;
  $('shop').addEventListener('change', () => watch($('shop').value));
  window.addEventListener('online', () => { if (shopId && !source) reconnectNow(); });
  window.addEventListener('offline', () => { if (source) drop('offline'); });
  setInterval(redraw, 15000); // the chart's time axis moves on even when nothing happens
  redraw();
}

function signedIn() {
  if (session.shopIds.length === 0) {
    error('this account owns no shop: sign in as a merchant');
    return;
  }
  $('shop').replaceChildren(...session.shopIds.map((id) => el('option', { value: id, text: id })));
  $('shop-form').classList.remove('hidden');
  watch(session.shopIds[0]);
}

/** Starts over on another shop: empty page, the last MINUTES minutes, then live. */
function watch(id) {
  shopId = id;
  lastEventId = null;
  opened = false;
  dropped = false;
  windows.clear();
  seen.clear();
  ['checkouts', 'shop-messages'].forEach((l) => $(l).replaceChildren());
  $('notice').textContent = '';
  redraw();
  connect();
}

function closeSource() {
  if (source) source.close();
  source = null;
  clearTimeout(timer);
}

async function connect() {
  closeSource();
  showConnection(dropped ? 'reconnecting' : 'connecting', dropped ? 'reconnecting… (attempt ' + (backoff.attempt + 1) + ')' : 'connecting…');
  const forShop = shopId;
  let ticket;
  try {
    ticket = await session.ticket('shop:' + shopId);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      showConnection('stopped', 'stopped');
      error('not allowed to watch ' + shopId + ': ' + err.message);
      return;
    }
    console.info('dashboard: no ticket (' + err.message + '), retrying');
    return retry();
  }
  if (forShop !== shopId) return; // the merchant picked another shop meanwhile
  const params = new URLSearchParams({ ticket });
  if (lastEventId) params.set('lastEventId', lastEventId);
  else params.set('lastMinutes', String(MINUTES));
  const s = new EventSource('/v1/shops/' + encodeURIComponent(shopId) + '/stream?' + params);
  source = s;
  // EventSource has no timeout of its own: a stream whose headers do not come is given up and retried
  timer = setTimeout(() => { if (source === s && s.readyState !== EventSource.OPEN) { console.info('dashboard: stream did not open, retrying'); drop('timeout'); } }, OPEN_TIMEOUT);
  s.onopen = () => {
    clearTimeout(timer);
    showConnection('live', 'live · ' + shopId);
    opened = true;
    backoff.reset();
    failures = 0;
    if (dropped) {
      dropped = false;
      resumedAt = Date.now();
      replayed = 0;
      showResume();
    }
  };
  s.onerror = () => { if (source === s) drop('error'); };
  s.addEventListener('checkout', (ev) => onEvent(ev, showCheckout));
  s.addEventListener('message', (ev) => onEvent(ev, showMessage));
  s.addEventListener('stats', (ev) => { lastEventId = ev.lastEventId || lastEventId; onStats(JSON.parse(ev.data)); });
  // the stream ends after these; reopen after the last id (a fresh ticket, a refreshed token)
  s.addEventListener('overflow', () => drop('overflow'));
  s.addEventListener('reauth', () => drop('reauth'));
  s.addEventListener('revoked', (ev) => {
    closeSource();
    showConnection('stopped', 'signed out');
    error('access ended (' + JSON.parse(ev.data).reason + '): sign in again');
  });
}

/**
 * The stream is gone: reopen later after the last event seen. EventSource's own retry would reuse
 * the expired ticket, hence closing it. Only when the gateway is up and still refuses the stream
 * three times (a cursor it no longer accepts) does the page start over from the last minutes; the
 * ids already shown keep that from showing anything twice.
 */
async function drop(why) {
  closeSource();
  dropped = opened; // a first stream that never opened is no reconnect
  showConnection(navigator.onLine === false ? 'offline' : 'reconnecting', why === 'offline' ? 'offline' : 'reconnecting…');
  if (++failures >= 3 && lastEventId) {
    const up = await fetch('/actuator/health', { cache: 'no-store' }).then((r) => r.ok, () => false);
    if (up) {
      lastEventId = null;
      failures = 0;
    }
  }
  retry();
}

function retry() {
  clearTimeout(timer);
  timer = backoff.schedule(connect);
}

function reconnectNow() {
  backoff.reset();
  connect();
}

function onEvent(ev, show) {
  lastEventId = ev.lastEventId || lastEventId;
  const data = JSON.parse(ev.data);
  if (seen.has(data.eventId)) return;
  boundedSet(seen, data.eventId, MAX_SEEN);
  // Missed while away: it reached the platform before this stream reopened (server clocks).
  if (resumedAt && Date.parse(data.receivedAt || data.occurredAt) < resumedAt) {
    replayed++;
    showResume();
  }
  show(data);
}

function showResume() {
  $('notice').textContent = 'reconnected, ' + replayed + ' missed event' + (replayed === 1 ? '' : 's') + ' replayed';
}

function prepend(listId, li) {
  const list = $(listId);
  list.prepend(li);
  while (list.children.length > MAX_ROWS) list.lastChild.remove();
}

function showCheckout(c) {
  prepend('checkouts', el('li', { class: 'checkout', 'data-checkout-id': c.checkoutId },
    el('span', { class: 'total', text: money(c.totalMinor, c.currency) }),
    el('span', { text: clock(c.occurredAt) + ' · ' + c.checkoutId + ' · ' + c.channel }),
    el('div', { class: 'items', text: c.items.map((i) => i.quantity + ' × ' + i.name + ' (' + money(i.unitPriceMinor, c.currency) + ')').join(', ') })));
}

function showMessage(m) {
  prepend('shop-messages', el('li', { class: 'shop-message' },
    el('small', { text: clock(m.occurredAt) + ' · ' + m.kind + ' from ' + m.senderId }), el('div', { text: m.body })));
}

function onStats(s) {
  windows.set(Date.parse(s.windowStart), s);
  const newest = Math.max(...windows.keys());
  for (const k of windows.keys()) if (k <= newest - MINUTES * 60000) windows.delete(k);
  redraw();
}

/** The currency with the most revenue in view: the chart's line and the headline figures use it. */
function mainCurrency() {
  const totals = {};
  for (const w of windows.values()) for (const [cur, v] of Object.entries(w.revenueMinor)) totals[cur] = (totals[cur] || 0) + v;
  return Object.entries(totals).sort((a, b) => b[1] - a[1]).map(([cur]) => cur)[0] || null;
}

function redraw() {
  const now = Math.floor(Date.now() / 60000) * 60000;
  const newest = windows.size ? Math.max(...windows.keys()) : now;
  const endMs = Math.max(now, newest);
  const currency = mainCurrency();
  const current = windows.get(endMs);
  const revenue = (rev) => Object.entries(rev).map(([cur, v]) => money(v, cur)).join(' + ') || '–';
  const period = { orders: 0, revenue: {} };
  const items = new Map();
  for (const [start, w] of windows) {
    if (start <= endMs - MINUTES * 60000) continue;
    period.orders += w.orders;
    for (const [cur, v] of Object.entries(w.revenueMinor)) period.revenue[cur] = (period.revenue[cur] || 0) + v;
    for (const i of w.topItems) {
      const t = items.get(i.sku) || { name: i.name, quantity: 0 };
      t.quantity += i.quantity;
      items.set(i.sku, t);
    }
  }
  $('minute-orders').textContent = current ? current.orders : 0;
  $('minute-revenue').textContent = current ? revenue(current.revenueMinor) : '–';
  $('period-orders').textContent = period.orders;
  $('period-revenue').textContent = revenue(period.revenue);
  $('revenue-legend').textContent = currency ? 'revenue (' + currency + ')' : 'revenue';
  drawChart($('chart'), windows, { minutes: MINUTES, endMs, currency, format: (m) => money(m, currency), clock: (ms) => clock(new Date(ms).toISOString()) });
  const top = [...items.values()].sort((a, b) => b.quantity - a.quantity).slice(0, 5);
  $('top-items').replaceChildren(...(top.length
    ? top.map((t, n) => el('tr', { class: 'top-item' }, el('td', { text: '#' + (n + 1) }), el('td', { text: t.name }), el('td', { class: 'n', text: t.quantity })))
    : [el('tr', {}, el('td', { class: 'muted', text: 'no sales yet' }))]));
}

start();
