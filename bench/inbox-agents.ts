/**
 * The agents' screens: a child process (its own event loop, apart from the load generator and the
 * server) that holds N staff WebSockets on /api/ws and notes, for every message.received event,
 * when the first and the last socket got it and how many did. Driven over IPC by bench/inbox.ts.
 */
import WebSocket from 'ws';

export type AgentsCommand =
  | { cmd: 'open'; wsUrl: string; origin: string; cookies: string[]; reconnect: boolean }
  | { cmd: 'reset' }
  | { cmd: 'collect' }
  | { cmd: 'status' }
  | { cmd: 'close' };

/** [messageId, first receive (epoch ms), last receive (epoch ms), sockets that got it]. */
export type Delivery = [string, number, number, number];

export interface AgentsStatus {
  ev: 'status';
  open: number;
  /** message.received frames since the last reset, over all sockets. */
  frames: number;
  /** Other frames since the last reset (other event types, pings). */
  otherFrames: number;
  closes: number;
  reconnects: number;
  /** Epoch ms when the last socket (re)opened. */
  lastOpenAt: number;
  /** Frames since the last reset by kind: the event's type, or the frame's own (presence, typing). */
  frameTypes: Record<string, number>;
  /** When the server's heartbeat pinged the sockets (epoch ms, one per round of pings), since the last reset. */
  heartbeats: number[];
}

export type AgentsReply =
  | { ev: 'opened'; ms: number; open: number }
  | { ev: 'reset' }
  | ({ ev: 'records'; deliveries: Delivery[] } & Omit<AgentsStatus, 'ev'>)
  | AgentsStatus
  | { ev: 'error'; message: string };

/** Wall-clock milliseconds with sub-millisecond precision, comparable across the bench's processes. */
export const now = () => performance.timeOrigin + performance.now();

const TYPE = Buffer.from('"type":"message.received"');
const EVENT_TYPE = Buffer.from('"event":{"type":"');
const FRAME_TYPE = Buffer.from('{"type":"');
const MESSAGE_ID = Buffer.from('"messageId":"');

interface Record3 { first: number; last: number; count: number }

function runAgents() {
  const sockets = new Set<WebSocket>();
  let records = new Map<string, Record3>();
  const counters = { frames: 0, otherFrames: 0, closes: 0, reconnects: 0, lastOpenAt: 0 };
  let closing = false;
  let openCount = 0;
  const send = (reply: AgentsReply) => process.send!(reply);

  let frameTypes: Record<string, number> = {};
  let heartbeats: number[] = [];
  // The server pings every socket in one go every 30 s (and re-checks each one's session then).
  function onPing() {
    const at = now();
    if (heartbeats.length === 0 || at - heartbeats[heartbeats.length - 1]! > 5_000) heartbeats.push(at);
  }
  function countType(data: Buffer) {
    const event = data.indexOf(EVENT_TYPE);
    const start = event >= 0 ? event + EVENT_TYPE.length : data.indexOf(FRAME_TYPE) === 0 ? FRAME_TYPE.length : -1;
    const type = start < 0 ? '?' : data.toString('latin1', start, data.indexOf(0x22, start));
    frameTypes[type] = (frameTypes[type] ?? 0) + 1;
  }

  // Cheaper than parsing every frame: the event type and the message id are found in the bytes.
  function onFrame(data: Buffer) {
    const at = now();
    if (data.indexOf(TYPE) < 0) {
      counters.otherFrames += 1;
      countType(data);
      return;
    }
    frameTypes['message.received'] = (frameTypes['message.received'] ?? 0) + 1;
    const start = data.indexOf(MESSAGE_ID);
    if (start < 0) {
      counters.otherFrames += 1;
      return;
    }
    counters.frames += 1;
    const idStart = start + MESSAGE_ID.length;
    const id = data.toString('latin1', idStart, data.indexOf(0x22, idStart));
    const record = records.get(id);
    if (record) {
      record.last = at;
      record.count += 1;
    } else {
      records.set(id, { first: at, last: at, count: 1 });
    }
  }

  function connect(options: Extract<AgentsCommand, { cmd: 'open' }>, cookie: string, attempt: number): Promise<void> {
    return new Promise((resolve) => {
      const socket = new WebSocket(options.wsUrl, { headers: { cookie, origin: options.origin }, perMessageDeflate: false });
      let opened = false;
      // Ready when the server's hello arrives: by then the socket is on the clinic's list.
      socket.on('message', (data: Buffer) => {
        if (opened) return onFrame(data);
        opened = true;
        openCount += 1;
        counters.lastOpenAt = now();
        if (attempt > 0) counters.reconnects += 1;
        sockets.add(socket);
        resolve();
      });
      socket.on('ping', onPing);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        if (opened) {
          openCount -= 1;
          counters.closes += 1;
        }
        if (closing) return resolve();
        if (!opened && !options.reconnect) {
          send({ ev: 'error', message: `a WebSocket could not open on ${options.wsUrl}` });
          return resolve();
        }
        if (options.reconnect) setTimeout(() => void connect(options, cookie, attempt + 1).then(resolve), 250);
      });
    });
  }

  process.on('message', (command: AgentsCommand) => {
    switch (command.cmd) {
      case 'open': {
        const started = now();
        void Promise.all(command.cookies.map((cookie) => connect(command, cookie, 0)))
          .then(() => send({ ev: 'opened', ms: Math.round(now() - started), open: openCount }));
        break;
      }
      case 'reset':
        records = new Map();
        frameTypes = {};
        heartbeats = [];
        Object.assign(counters, { frames: 0, otherFrames: 0, closes: 0, reconnects: 0 });
        send({ ev: 'reset' });
        break;
      case 'status':
        send({ ev: 'status', open: openCount, ...counters, frameTypes, heartbeats });
        break;
      case 'collect':
        send({ ev: 'records', open: openCount, ...counters, frameTypes, heartbeats, deliveries: [...records].map(([id, r]) => [id, r.first, r.last, r.count]) });
        break;
      case 'close':
        closing = true;
        for (const socket of sockets) socket.terminate();
        process.exit(0);
    }
  });
}

if (process.send && process.argv[1]?.endsWith('inbox-agents.ts')) runAgents();
