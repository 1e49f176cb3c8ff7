/**
 * A local Twilio-compatible SMS provider for bench/scheduling: it takes what the server's SMS
 * transport sends (POST /2010-04-01/Accounts/{sid}/Messages.json, Basic auth, a form with To, From,
 * Body, StatusCallback), answers 201 with a message sid as the real API does, and counts texts by
 * recipient, so a reminder received twice or never is seen. Nothing leaves the machine.
 */
import { createServer, type IncomingMessage } from 'node:http';

export interface SinkCounts {
  /** Every text to a counted number, repeats included. */
  received: number;
  /** Numbers that got at least one. */
  distinct: number;
  /** Numbers that got more than one, and the extra texts. */
  twice: number;
  extra: number;
  /** Texts to numbers not counted (the demo clinic's own patients, booking confirmations). */
  other: number;
  /** Bodies without the reminder wording among the counted. */
  notReminders: number;
  firstAt: number | null;
  lastAt: number | null;
  /** When the last number got its first text (performance.now()). */
  lastNewAt: number | null;
  /** Texts to counted numbers per whole second since the count was reset. */
  perSecond: number[];
}

export interface Sink {
  url: string;
  accountSid: string;
  authToken: string;
  /** Forget what came so far and count only numbers `counted` says yes to. */
  reset(counted: (to: string) => boolean, marker: string): void;
  counts(): SinkCounts;
  /** Numbers that got their first text at or before this moment (performance.now()). */
  receivedBy(at: number): number;
  close(): Promise<void>;
}

const readBody = (request: IncomingMessage) => new Promise<string>((resolve, reject) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  request.on('error', reject);
});

export async function startSink(): Promise<Sink> {
  const accountSid = 'ACbench0000000000000000000000000001';
  const authToken = 'bench-sms-auth-token-0123456789';
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  let counted: (to: string) => boolean = () => false;
  let marker = '';
  let byNumber = new Map<string, number>();
  let firstTexts: number[] = [];
  let state = { received: 0, other: 0, notReminders: 0, firstAt: null as number | null, lastAt: null as number | null, lastNewAt: null as number | null, resetAt: performance.now(), perSecond: [] as number[] };
  let sid = 0;
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      if (request.method !== 'POST' || !request.url?.endsWith('/Messages.json') || !request.url.includes(accountSid)) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20404, message: 'not found' }));
        return;
      }
      if (request.headers.authorization !== expectedAuth) {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20003, message: 'authenticate' }));
        return;
      }
      const form = new URLSearchParams(text);
      const to = form.get('To') ?? '';
      if (counted(to)) {
        const now = performance.now();
        state.received += 1;
        state.firstAt ??= now;
        state.lastAt = now;
        const second = Math.floor((now - state.resetAt) / 1000);
        state.perSecond[second] = (state.perSecond[second] ?? 0) + 1;
        const before = byNumber.get(to) ?? 0;
        if (before === 0) {
          state.lastNewAt = now;
          firstTexts.push(now);
        }
        byNumber.set(to, before + 1);
        if (!(form.get('Body') ?? '').includes(marker)) state.notReminders += 1;
      } else {
        state.other += 1;
      }
      sid += 1;
      response.writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ sid: `SM${String(sid).padStart(32, '0')}`, status: 'queued', to, from: form.get('From') }));
    }, () => response.writeHead(400).end());
  });
  // Keep-alive sockets from the server's fetch pool stay open between texts, as with the real API.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`, accountSid, authToken,
    reset(filter, wording) {
      counted = filter;
      marker = wording;
      byNumber = new Map();
      firstTexts = [];
      state = { received: 0, other: 0, notReminders: 0, firstAt: null, lastAt: null, lastNewAt: null, resetAt: performance.now(), perSecond: [] };
    },
    counts() {
      let twice = 0;
      let extra = 0;
      for (const n of byNumber.values()) {
        if (n > 1) {
          twice += 1;
          extra += n - 1;
        }
      }
      return {
        received: state.received, distinct: byNumber.size, twice, extra, other: state.other, notReminders: state.notReminders,
        firstAt: state.firstAt, lastAt: state.lastAt, lastNewAt: state.lastNewAt, perSecond: Array.from(state.perSecond, (n) => n ?? 0),
      };
    },
    receivedBy: (at) => firstTexts.filter((t) => t <= at).length,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
