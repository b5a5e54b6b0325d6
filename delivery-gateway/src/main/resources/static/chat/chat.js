// Herald chat page. Signs in against the ingest API (its address comes from the gateway), lists the
// user's conversations from the gateway's history API, and opens the chat WebSocket with a ws ticket.
// Messages come in seq order per conversation; the page acknowledges them (delivered, and read
// when the conversation is open and visible), which is what moves the sender's ticks. After a drop
// it reconnects with a fresh ticket and a hello naming the last seq it has of each conversation:
// the gateway sends exactly what was missed, then live traffic. Sends carry a client message id,
// so a send repeated after a reconnect is not delivered twice.
import { $, el, startPage, showError, ApiError, STATUS, Backoff, showConnection, clock } from '/pages/common.js';

const PAGE = 30;             // messages per history page
const MAX_KEPT = 500;        // messages kept per conversation in memory; the oldest are dropped (scroll back re-reads them)
const MAX_PENDING = 50;      // unsent messages at most; beyond, the send box refuses
const MAX_CONVERSATIONS = 100;
const OPEN_TIMEOUT = 15000;  // a socket without its welcome by then is closed and opened again
const CURSOR_DELAY = 150;    // receipts are coalesced: one delivered/read frame per conversation per burst

let session = null, ws = null, current = null, welcomedOnce = false, dropped = false, stopped = false, resumedAt = 0, missed = 0;
let refSeq = 0, timer = null, listReload = null;
const backoff = new Backoff();
const conversations = new Map();   // id → conversation state, at most MAX_CONVERSATIONS listed + those that write to us
const presence = new Map();        // userId → {status, lastSeen}
const pending = new Map();         // clientMsgId → {conversationId, body, ref, state, attempts}
const deviceId = sessionStorage.getItem('herald.deviceId') || ('web-' + randomId().slice(0, 12));
sessionStorage.setItem('herald.deviceId', deviceId); // not a secret: which browser tab this is

function randomId() { // crypto.randomUUID needs a secure context; a page on http://<lan address> is not one
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const error = showError;
const me = () => session.userId;
const short = (id) => (id && id.length > 14 ? id.slice(0, 12) + '…' : id);

async function start() {
  session = await startPage(signedIn);
  if (!session) return;
  $('new-direct').addEventListener('submit', newDirect);
  $('new-group').addEventListener('submit', newGroup);
  $('send').addEventListener('submit', send);
  $('messages').addEventListener('scroll', () => {
    if ($('messages').scrollTop === 0 && current && current.hasOlder) loadOlder(current);
  });
  document.addEventListener('visibilitychange', () => { if (current) markRead(current); });
  window.addEventListener('online', () => { if (session.accessToken && !ws && !stopped) { backoff.reset(); connect(); } });
}

async function signedIn() {
  $('my-id').textContent = session.userId;
  $('me').classList.remove('hidden');
  showConnection('connecting', 'loading conversations…');
  await loadConversations();
  connect();
}

function conversation(id) {
  let c = conversations.get(id);
  if (!c) {
    c = { id, kind: null, name: null, members: [], lastSeq: 0, lastMessage: null, unread: 0, updatedAt: null,
      messages: new Map(), loaded: false, hasOlder: false, nextBefore: null, seen: 0, cursors: {}, want: {}, sent: {} };
    conversations.set(id, c);
  }
  return c;
}

/**
 * The conversation list from the read model (latest first, last message, unread count); a call that
 * fails other than by a refusal is tried three times, then the page goes on without it.
 */
async function loadConversations(attempt = 1) {
  try {
    const list = await session.gateway('/v1/conversations?limit=' + MAX_CONVERSATIONS);
    for (const v of list.conversations) {
      const c = conversation(v.conversationId);
      Object.assign(c, { kind: v.kind, name: v.name, members: v.members, updatedAt: v.updatedAt });
      if (v.lastSeq >= c.lastSeq) {
        c.lastSeq = v.lastSeq;
        c.unread = c === current ? 0 : v.unread;
        if (v.lastMessage) c.lastMessage = v.lastMessage;
      }
      c.seen = Math.max(c.seen, v.lastSeq);
    }
    renderList();
    renderHeader();
  } catch (err) {
    console.info('chat: conversations not loaded (' + err.message + ')');
    if (!(err instanceof ApiError && err.status < 500) && attempt < 3) return loadConversations(attempt + 1);
    error('could not load conversations: ' + err.message);
  }
}

function scheduleListReload() {
  clearTimeout(listReload);
  listReload = setTimeout(loadConversations, 300);
}

async function connect() {
  clearTimeout(timer);
  showConnection(dropped ? 'reconnecting' : 'connecting', dropped ? 'reconnecting… (attempt ' + (backoff.attempt + 1) + ')' : 'connecting…');
  let ticket;
  try {
    ticket = await session.ticket('ws');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return stop('signed out: ' + err.message);
    console.info('chat: no ticket (' + err.message + '), retrying');
    return retry();
  }
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/ws?'
    + new URLSearchParams({ ticket, deviceId });
  const socket = new WebSocket(url);
  ws = socket;
  // no welcome in time (a handshake that hangs): close it, onclose reconnects
  timer = setTimeout(() => { if (ws === socket && !socket.welcomed) { console.info('chat: no welcome, reconnecting'); socket.close(); } }, OPEN_TIMEOUT);
  socket.onopen = () => {
    const resume = {};
    for (const c of conversations.values()) if (c.seen > 0) resume[c.id] = c.seen;
    socket.send(JSON.stringify({ type: 'hello', ref: 'hello', resume })); // first, within the gateway's hello wait
  };
  socket.onmessage = (ev) => onFrame(JSON.parse(ev.data));
  socket.onclose = (ev) => {
    if (ws !== socket) return;
    ws = null;
    if (ev.code === 4003) return stop('signed out or revoked: sign in again');
    if (ev.code === 4008) return stop('opened in too many other places: reload to use it here');
    dropped = welcomedOnce; // a first socket that never opened is no reconnect
    showConnection(navigator.onLine === false ? 'offline' : 'reconnecting', navigator.onLine === false ? 'offline' : 'reconnecting…');
    retry();
  };
}

function retry() {
  clearTimeout(timer);
  timer = backoff.schedule(connect);
}

function stop(why) {
  stopped = true;
  showConnection('stopped', 'stopped');
  error(why);
}

function frame(f) {
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify(f));
    return true;
  }
  return false;
}

function onFrame(f) {
  switch (f.type) {
    case 'welcome':
      ws.welcomed = true;
      welcomedOnce = true;
      clearTimeout(timer);
      showConnection('live', 'online');
      backoff.reset();
      if (dropped) {
        dropped = false;
        resumedAt = Date.now();
        missed = 0;
        showResume();
        scheduleListReload(); // conversations created while away, fresh unread counts
      }
      for (const p of pending.values()) if (p.state === 'pending') sendPending(p);
      break;
    case 'message': onMessage(f); break;
    case 'sent': {
      const p = pending.get(f.clientMsgId);
      if (p) { p.state = 'sent'; renderMessagesIf(p.conversationId); }
      break;
    }
    case 'receipt': {
      const c = conversation(f.conversationId);
      c.cursors = f.cursors;
      c.lastSeq = Math.max(c.lastSeq, f.lastSeq);
      renderMessagesIf(c.id);
      break;
    }
    case 'presence':
      presence.set(f.userId, { status: f.status, lastSeen: f.lastSeen });
      renderList();
      renderHeader();
      break;
    case 'error': onError(f); break;
    case 'reauth': // the access token behind the socket expired: extend it without reconnecting
      session.refresh().then((token) => frame({ type: 'reauth', token }), (err) => error('session expired: ' + err.message));
      break;
    default: break; // pong, reauthed
  }
}

function onMessage(m) {
  const c = conversation(m.conversationId);
  if (c.kind === null) scheduleListReload(); // someone started a conversation with us
  if (c.messages.has(m.seq)) return;
  c.messages.set(m.seq, m);
  if (c.messages.size > MAX_KEPT) {
    c.messages.delete(Math.min(...c.messages.keys()));
    c.hasOlder = true;
  }
  c.seen = Math.max(c.seen, m.seq);
  if (m.seq >= c.lastSeq) {
    c.lastSeq = m.seq;
    c.lastMessage = { seq: m.seq, senderId: m.senderId, preview: m.body, sentAt: m.sentAt };
    c.updatedAt = m.sentAt;
  }
  if (m.senderId === me()) {
    pending.delete(m.clientMsgId);
  } else {
    if (resumedAt && Date.parse(m.sentAt) < resumedAt) { missed++; showResume(); }
    cursor(c, 'delivered', m.seq);
    if (c === current && document.visibilityState === 'visible') cursor(c, 'read', m.seq);
    else if (m.seq > (c.sent.read || 0)) c.unread++;
  }
  renderList();
  renderMessagesIf(c.id);
}

function showResume() {
  $('notice').textContent = 'reconnected, ' + missed + ' missed message' + (missed === 1 ? '' : 's') + ' caught up';
}

/** Moves this user's delivered/read cursor, coalescing a burst into one frame. */
function cursor(c, kind, seq) {
  if (seq <= (c.sent[kind] || 0) || seq <= (c.want[kind] || 0)) return;
  c.want[kind] = seq;
  setTimeout(() => {
    const upToSeq = c.want[kind];
    if (upToSeq > (c.sent[kind] || 0) && frame({ type: kind, conversationId: c.id, upToSeq })) c.sent[kind] = upToSeq;
  }, CURSOR_DELAY);
}

function markRead(c) {
  if (document.visibilityState !== 'visible' || c.lastSeq === 0) return;
  cursor(c, 'delivered', c.lastSeq);
  cursor(c, 'read', c.lastSeq);
  if (c.unread) { c.unread = 0; renderList(); }
}

function onError(f) {
  if (f.ref === 'hello') { // came too late (a busy gateway): catch-up starts after our delivered cursor, nothing lost
    console.info('chat: ' + f.message);
    return;
  }
  const p = [...pending.values()].find((x) => x.ref === f.ref);
  if (!p) { error(f.message); return; }
  // a conversation created a moment ago may not be in the gateway's read model yet; limits pass
  if (['not_found', 'forbidden', 'rate_limited', 'internal'].includes(f.code) && p.attempts < 5) {
    setTimeout(() => sendPending(p), 400 * (p.attempts + 1));
    return;
  }
  p.state = 'failed';
  error('not sent: ' + f.message);
  renderMessagesIf(p.conversationId);
}

function sendPending(p) {
  p.attempts++;
  p.ref = 'r' + (++refSeq);
  frame({ type: 'send', ref: p.ref, conversationId: p.conversationId, clientMsgId: p.clientMsgId, body: p.body });
}

function send(e) {
  e.preventDefault();
  const body = $('body').value.trim();
  if (!body || !current) return;
  if (pending.size >= MAX_PENDING) { error('too many unsent messages: wait for the connection'); return; }
  const p = { conversationId: current.id, clientMsgId: randomId(), body, state: 'pending', attempts: 0, ref: null, at: new Date().toISOString() };
  pending.set(p.clientMsgId, p);
  $('body').value = '';
  sendPending(p); // offline: stays pending and goes out after the reconnect, same clientMsgId
  renderMessages();
}

async function newDirect(e) {
  e.preventDefault();
  await create({ type: 'direct', userId: $('direct-user').value.trim() }, $('new-direct'));
}

async function newGroup(e) {
  e.preventDefault();
  const members = $('group-members').value.split(/[\s,]+/).filter(Boolean);
  await create({ type: 'group', name: $('group-name').value.trim(), members }, $('new-group'));
}

async function create(body, form) {
  error('');
  try {
    const v = await session.ingest('/v1/conversations', 'POST', body);
    const c = conversation(v.conversationId);
    Object.assign(c, { kind: v.kind, name: v.name, members: v.members });
    c.updatedAt = c.updatedAt || new Date().toISOString();
    if (v[STATUS] === 201) c.loaded = true; // new: no history to read (the read model may not know it yet)
    form.reset();
    renderList();
    open(c.id);
  } catch (err) {
    error('could not create the conversation: ' + err.message);
  }
}

function open(id) {
  current = conversation(id);
  $('body').disabled = false;
  $('send-button').disabled = false;
  renderList();
  renderHeader();
  if (!current.loaded) loadOlder(current);
  else renderMessages(true);
  markRead(current);
}

/** One page of history before the oldest message held (newest first from the API). */
async function loadOlder(c) {
  if (c.loading) return;
  c.loading = true;
  const before = c.loaded ? Math.min(...c.messages.keys(), c.nextBefore || Infinity) : null;
  try {
    const page = await session.gateway('/v1/conversations/' + encodeURIComponent(c.id) + '/messages?limit=' + PAGE
      + (before && before !== Infinity ? '&before=' + before : ''));
    const box = $('messages');
    const fromBottom = box.scrollHeight - box.scrollTop;
    for (const m of page.messages) {
      if (!c.messages.has(m.seq)) c.messages.set(m.seq, { ...m, conversationId: c.id });
      c.seen = Math.max(c.seen, m.seq);
      c.lastSeq = Math.max(c.lastSeq, m.seq);
    }
    const first = !c.loaded;
    c.loaded = true;
    c.nextBefore = page.nextBefore;
    c.hasOlder = page.nextBefore !== null && page.nextBefore !== undefined;
    if (c === current) {
      renderMessages(first);
      if (!first) box.scrollTop = box.scrollHeight - fromBottom; // keep the reader's place
      markRead(c);
    }
  } catch (err) {
    // the read model trails the topics by a moment: a conversation just learned of may be unknown yet
    if (err instanceof ApiError && err.status === 404 && (c.misses = (c.misses || 0) + 1) <= 5) {
      setTimeout(() => loadOlder(c), 300 * c.misses);
    } else {
      error('could not load messages: ' + err.message);
    }
  } finally {
    c.loading = false;
  }
}

function title(c) {
  if (c.kind === 'GROUP' || c.kind === 'group') return c.name || 'group';
  const other = c.members.find((u) => u !== me());
  return other ? short(other) : (c.name || 'conversation');
}

function otherMember(c) {
  return c.kind === 'GROUP' || c.kind === 'group' ? null : c.members.find((u) => u !== me());
}

function dot(userId) {
  const p = presence.get(userId);
  return el('span', { class: 'presence', 'data-user': userId, 'data-status': p ? p.status : 'offline',
    title: p ? (p.status === 'online' ? 'online' : 'last seen ' + (p.lastSeen ? new Date(p.lastSeen).toLocaleString() : 'never')) : 'offline' });
}

function lastSeenText(userId) {
  const p = presence.get(userId);
  if (!p) return 'offline';
  if (p.status === 'online') return 'online';
  return p.lastSeen ? 'last seen ' + new Date(p.lastSeen).toLocaleString() : 'offline';
}

function renderList() {
  const sorted = [...conversations.values()].filter((c) => c.kind !== null || c.messages.size)
    .sort((a, b) => String(b.updatedAt || '').localeCompare(String(a.updatedAt || '')));
  $('conversations').replaceChildren(...sorted.map((c) => {
    const other = otherMember(c);
    const last = c.lastMessage;
    return el('li', { 'data-conversation-id': c.id, class: c === current ? 'selected' : '', onclick: () => open(c.id) },
      el('span', { class: 'title' }, other ? dot(other) : null, title(c)),
      c.unread ? el('span', { class: 'unread', text: c.unread }) : null,
      el('span', { class: 'last', text: last ? (last.senderId === me() ? 'you: ' : '') + last.preview : 'no messages yet' }));
  }));
}

function renderHeader() {
  if (!current) return;
  const other = otherMember(current);
  const who = other
    ? el('span', { class: 'muted', id: 'header-presence', text: ' · ' + lastSeenText(other) })
    : el('span', { class: 'muted' }, ' · ', ...current.members.map((u) => el('span', {}, dot(u), u === me() ? 'you ' : short(u) + ' ')));
  $('conversation-header').replaceChildren(el('span', { class: 'name', text: title(current) }), who);
}

/** sent / delivered / read for a message of mine: every other member's cursor at or past it. */
function tick(c, seq) {
  const others = Object.keys(c.cursors).filter((u) => u !== me());
  if (!others.length) return 'sent';
  if (others.every((u) => c.cursors[u].readUpTo >= seq)) return 'read';
  if (others.every((u) => c.cursors[u].deliveredUpTo >= seq)) return 'delivered';
  return 'sent';
}

function renderMessagesIf(id) {
  if (current && current.id === id) renderMessages();
}

function renderMessages(toBottom) {
  const box = $('messages');
  const atBottom = toBottom || box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const c = current;
  const rows = [];
  if (c.hasOlder) rows.push(el('button', { id: 'older', type: 'button', text: 'older messages', onclick: () => loadOlder(c) }));
  const seqs = [...c.messages.keys()].sort((a, b) => a - b);
  for (const seq of seqs) {
    const m = c.messages.get(seq);
    const mine = m.senderId === me();
    rows.push(el('div', { class: mine ? 'msg mine' : 'msg', 'data-seq': seq, 'data-client-msg-id': m.clientMsgId },
      mine || c.kind !== 'GROUP' ? null : el('small', { text: short(m.senderId) + ': ' }),
      el('span', { class: 'body', text: m.body }),
      el('span', { class: 'meta' }, clock(m.sentAt), mine ? el('span', { class: 'tick', 'data-tick': tick(c, seq) }) : null)));
  }
  for (const p of pending.values()) {
    if (p.conversationId !== c.id) continue;
    rows.push(el('div', { class: 'msg mine', 'data-client-msg-id': p.clientMsgId },
      el('span', { class: 'body', text: p.body }),
      el('span', { class: 'meta' }, clock(p.at), el('span', { class: 'tick', 'data-tick': p.state === 'failed' ? 'failed' : p.state === 'sent' ? 'sent' : 'pending' }))));
  }
  box.replaceChildren(...rows);
  if (atBottom) box.scrollTop = box.scrollHeight;
}

start();
