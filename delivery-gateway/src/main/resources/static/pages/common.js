// Shared by the Herald pages (/dashboard, /chat): where the API is, signing in, tickets, small DOM
// helpers. Plain ES module, no build step. The access and refresh tokens live in this module's memory
// only (never in storage, never in a URL); streams and sockets open with 60-second tickets.

/** document.getElementById. */
export const $ = (id) => document.getElementById(id);

/**
 * An element with attributes and children. Text goes in as text nodes, never as HTML: every field
 * shown comes from other users.
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** Shows an error line on the page (empty clears it). */
export function showError(text) { $('error').textContent = text || ''; }

/**
 * Loads the configuration, shows which ingest API the page talks to, and wires the sign-in form:
 * `signedIn(session)` runs after a successful sign-in, the form hidden. Null when the page cannot
 * start (the error shown).
 */
export async function startPage(signedIn) {
  let session;
  try {
    const config = await loadConfig();
    session = new Session(config.ingestUrl);
    $('api').textContent = 'ingest API: ' + config.ingestUrl;
  } catch (err) {
    showError(err.message);
    return null;
  }
  $('signin').addEventListener('submit', async (e) => {
    e.preventDefault();
    showError('');
    try {
      await session.signIn($('email').value, $('password').value);
    } catch (err) {
      showError('sign-in failed: ' + err.message);
      return;
    }
    $('signin').classList.add('hidden');
    signedIn(session);
  });
  return session;
}

/** The platform as the gateway describes it: {ingestUrl}. Never a port guessed by the page. */
export async function loadConfig() {
  const res = await fetch('/pages/config.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error('no page configuration (HTTP ' + res.status + ')');
  return res.json();
}

/** The HTTP status of a successful answer, as a hidden key of its JSON body (201 created, 200 found). */
export const STATUS = Symbol('status');

/** An HTTP error with the problem+json detail the services answer with. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

/**
 * The signed-in user's client of the ingest API (cross-origin, CORS) and of this gateway's own
 * endpoints (same origin). A 401 on a call with the access token refreshes it once with the refresh
 * token (each refresh token is single-use) and repeats the call.
 */
export class Session {
  constructor(ingestUrl) {
    this.ingestUrl = ingestUrl;
    this.accessToken = null;
    this.refreshToken = null;
    this.userId = null;
    this.shopIds = [];
    this.refreshing = null;
  }

  async signIn(email, password) {
    this.adopt(await request(this.ingestUrl + '/v1/sessions', 'POST', { email, password, device: 'browser' }));
    return this;
  }

  adopt(s) {
    this.accessToken = s.accessToken;
    this.refreshToken = s.refreshToken;
    this.userId = s.userId;
    this.shopIds = s.shopIds || [];
  }

  /** A new access token (and refresh token); concurrent callers share one refresh. */
  refresh() {
    if (!this.refreshing) {
      this.refreshing = request(this.ingestUrl + '/v1/sessions/refresh', 'POST', { refreshToken: this.refreshToken })
        .then((s) => { this.adopt(s); return s.accessToken; })
        .finally(() => { this.refreshing = null; });
    }
    return this.refreshing;
  }

  /** A call to the ingest API as this user. */
  ingest(path, method = 'GET', body) {
    return this.authorized((token) => request(this.ingestUrl + path, method, body, token));
  }

  /** A call to this gateway's API as this user. */
  gateway(path) {
    return this.authorized((token) => request(path, 'GET', undefined, token));
  }

  /** A short-lived ticket for one scope ('shop:<id>' or 'ws'). */
  async ticket(scope) {
    return (await this.ingest('/v1/tickets', 'POST', { scope })).ticket;
  }

  async authorized(call) {
    try {
      return await call(this.accessToken);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || !this.refreshToken) throw err;
      return call(await this.refresh());
    }
  }
}

/** No call waits longer: an unanswered one fails (TimeoutError) and the caller's retry takes over. */
const REQUEST_TIMEOUT = 10000;

async function request(url, method, body, token) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json);
  json[STATUS] = res.status;
  return json;
}

/** Doubling delays for reconnects: 0.5 s, 1 s, 2 s … capped at 10 s; reset() after a success. */
export class Backoff {
  constructor(first = 500, max = 10000) { this.first = first; this.max = max; this.next = first; this.attempt = 0; }
  schedule(fn) {
    const delay = this.next;
    this.next = Math.min(this.next * 2, this.max);
    this.attempt++;
    return setTimeout(fn, delay);
  }
  reset() { this.next = this.first; this.attempt = 0; }
}

/** The connection badge: state is one of connecting, live, reconnecting, offline, stopped. */
export function showConnection(state, text) {
  const badge = $('connection');
  badge.dataset.state = state;
  badge.textContent = text || state;
}

/** A time of day in the reader's locale. */
export const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A map that forgets its oldest entries beyond max (insertion order). */
export function boundedSet(set, value, max) {
  set.add(value);
  while (set.size > max) set.delete(set.values().next().value);
}
