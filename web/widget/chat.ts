// The chat page inside the widget's iframe. Plain TypeScript, no framework: it must stay small.
// A message is shown at once as "sending", kept (with its client id) until the server acknowledges it,
// and sent again after a reconnect or a reload; the server stores it once per client id. After every
// (re)connect the page asks for everything since shortly before the newest message it shows, and
// skips the ones it already has.
import './chat.css';
import { chatStorage } from './storage.js';

type VisitorMessage = { id: string; direction: 'in' | 'out'; body: string; authorLabel: string; createdAt: string; clientId?: string };
type ServerFrame =
  | { type: 'welcome'; sessionId: string; clinicName: string; visitor: { name: string | null; email: string | null } }
  | { type: 'message'; message: VisitorMessage }
  | { type: 'ack'; clientId: string; messageId: string }
  | { type: 'typing'; by: string }
  | { type: 'replayed'; count: number }
  | { type: 'error'; code: string; message: string; clientId?: string }
  | { type: 'pong' };
interface Pending { clientId: string; body: string; sentAt: number }

const REPLAY_OVERLAP_MS = 30_000;
const clinic = new URLSearchParams(location.search).get('clinic') ?? '';
const storageKey = `careloop-chat:${clinic}`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $<HTMLDivElement>('log');
const statusLine = $<HTMLParagraphElement>('status');
const typingLine = $<HTMLParagraphElement>('typing');
const composer = $<HTMLFormElement>('composer');
const input = $<HTMLTextAreaElement>('body');
const emailForm = $<HTMLFormElement>('email-form');
const emailInput = $<HTMLInputElement>('email');
const emailNote = $<HTMLParagraphElement>('email-note');

const { storage, loadFromHost } = chatStorage(storageKey);

let token: string | null = null;
/** The newest message time shown: a reconnect asks for everything from a little before it. */
let latestAt: string | null = null;
let socket: WebSocket | null = null;
let attempt = 0;
let typedAt = 0;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let email: string | null = null;
const shown = new Set<string>();
const pending = new Map<string, Pending>();
const savePending = () => storage.set(`${storageKey}:pending`, JSON.stringify([...pending.values()]));

/** A v4 UUID, also where crypto.randomUUID is missing (a page embedded in an http:// site is not a secure context). */
function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

function bubble(key: string, direction: 'in' | 'out', author: string, body: string, when: string): HTMLDivElement {
  let item = log.querySelector<HTMLDivElement>(`div[data-key="${key}"]`);
  if (!item) {
    item = document.createElement('div');
    item.dataset.key = key;
    log.append(item);
  }
  item.className = `message ${direction}`;
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = `${author} · ${when}`;
  const text = document.createElement('p');
  text.textContent = body;
  item.replaceChildren(meta, text);
  item.scrollIntoView({ block: 'end' });
  return item;
}

function showPending(message: Pending, note = 'Sending…') {
  bubble(message.clientId, 'in', 'You', message.body, note);
}

function showMessage(message: VisitorMessage) {
  if (!latestAt || message.createdAt > latestAt) latestAt = message.createdAt;
  if (shown.has(message.id)) return;
  shown.add(message.id);
  const key = message.clientId ?? message.id;
  if (message.clientId) {
    pending.delete(message.clientId);
    savePending();
  }
  bubble(key, message.direction, message.authorLabel, message.body, time(message.createdAt));
  if (message.direction === 'out') {
    typingLine.textContent = '';
    if (!document.hasFocus()) parent.postMessage({ type: 'careloop:unread' }, '*');
  }
  if (message.direction === 'in' && !email) emailForm.hidden = false;
}

function send(frame: object) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

function sendPending(olderThanMs = 0) {
  const now = Date.now();
  for (const message of pending.values()) {
    if (now - message.sentAt < olderThanMs) continue;
    message.sentAt = now;
    send({ type: 'message', clientId: message.clientId, body: message.body });
  }
}

function onFrame(frame: ServerFrame) {
  switch (frame.type) {
    case 'welcome':
      $('chat-title').textContent = `Chat with ${frame.clinicName}`;
      document.title = `Chat with ${frame.clinicName}`;
      email = frame.visitor.email;
      if (email) showEmailSaved(email);
      break;
    case 'message':
      showMessage(frame.message);
      break;
    case 'ack': {
      const message = pending.get(frame.clientId);
      if (message) bubble(frame.clientId, 'in', 'You', message.body, time(new Date().toISOString()));
      pending.delete(frame.clientId);
      savePending();
      shown.add(frame.messageId);
      if (!email) emailForm.hidden = false;
      break;
    }
    case 'typing':
      typingLine.textContent = 'The clinic is typing…';
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { typingLine.textContent = ''; }, 6000);
      break;
    case 'error':
      if (frame.clientId && (frame.code === 'invalid_request' || frame.code === 'invalid_frame')) {
        const message = pending.get(frame.clientId);
        pending.delete(frame.clientId);
        savePending();
        if (message) showPending(message, `Not sent: ${frame.message}`);
      }
      break;
    default:
      break;
  }
}

async function startSession(): Promise<string> {
  const response = await fetch('/api/chat/sessions', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clinic }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { message?: string } };
  if (!response.ok || !body.token) throw new Error(body.error?.message ?? 'The chat is not available right now.');
  storage.set(`${storageKey}:token`, body.token);
  return body.token;
}

function reconnectLater() {
  attempt += 1;
  const wait = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() / 2);
  statusLine.textContent = 'Connection lost. Reconnecting…';
  setTimeout(() => void connect(), wait);
}

async function connect() {
  try {
    token ??= await startSession();
  } catch (error) {
    statusLine.textContent = error instanceof Error ? error.message : 'The chat is not available right now.';
    return reconnectLater();
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/chat/ws?token=${encodeURIComponent(token)}`);
  socket = ws;
  ws.addEventListener('open', () => {
    attempt = 0;
    statusLine.textContent = '';
    // Pushes can cross on the wire, so the replay overlaps the last half minute; shown ids are skipped.
    send({ type: 'hello', since: latestAt ? new Date(Date.parse(latestAt) - REPLAY_OVERLAP_MS).toISOString() : null });
    sendPending();
  });
  ws.addEventListener('message', (event) => {
    try {
      onFrame(JSON.parse(String(event.data)) as ServerFrame);
    } catch {
      // A frame this page does not understand is skipped.
    }
  });
  ws.addEventListener('close', (event) => {
    if (socket !== ws) return;
    socket = null;
    if (event.code === 4401) {
      // The session is gone (removed, or this browser's storage was copied elsewhere): start a new one.
      token = null;
      storage.set(`${storageKey}:token`, null);
    }
    reconnectLater();
  });
}

function showEmailSaved(address: string) {
  emailForm.hidden = false;
  emailInput.value = address;
  emailNote.textContent = `Thank you. If you leave, we will answer at ${address}.`;
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const body = input.value.trim();
  if (!body) return;
  const message: Pending = { clientId: uuid(), body, sentAt: Date.now() };
  pending.set(message.clientId, message);
  savePending();
  showPending(message);
  input.value = '';
  send({ type: 'message', clientId: message.clientId, body });
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

input.addEventListener('input', () => {
  if (Date.now() - typedAt < 2000) return;
  typedAt = Date.now();
  send({ type: 'typing' });
});

emailForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const address = emailInput.value.trim();
  if (!address || !emailInput.checkValidity()) {
    emailNote.textContent = 'Please enter an e-mail address such as name@example.com.';
    return;
  }
  void fetch('/api/chat/sessions/me', {
    method: 'PATCH', headers: { 'content-type': 'application/json', 'x-chat-token': token ?? '' }, body: JSON.stringify({ email: address }),
  }).then(async (response) => {
    const body = (await response.json().catch(() => ({}))) as { email?: string; error?: { message?: string } };
    if (response.ok && body.email) {
      email = body.email;
      showEmailSaved(body.email);
    } else {
      emailNote.textContent = body.error?.message ?? 'That did not work; please try again.';
    }
  }, () => { emailNote.textContent = 'That did not work; please try again.'; });
});

const closeChat = () => parent.postMessage({ type: 'careloop:close' }, '*');
$('close').addEventListener('click', closeChat);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeChat();
});
window.addEventListener('message', (event) => {
  if (event.source === parent && (event.data as { type?: unknown } | null)?.type === 'careloop:focus') input.focus();
});

setInterval(() => send({ type: 'ping' }), 20_000);
setInterval(() => sendPending(5000), 5000);
void loadFromHost().then(() => {
  token = storage.get(`${storageKey}:token`);
  const kept = JSON.parse(storage.get(`${storageKey}:pending`) ?? '[]') as Pending[];
  for (const message of kept) {
    pending.set(message.clientId, message);
    showPending(message);
  }
  return connect();
});
