import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { Careloop } from '../src/app.js';

/** A socket as a test sees it: every frame kept, and a way to wait for the next one that fits. */
export interface TestSocket {
  ws: WebSocket;
  frames: Record<string, unknown>[];
  next(fits: (frame: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(frame: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
}

/** Listens on a free port and returns its ws:// base. */
export async function listen(careloop: Careloop) {
  await careloop.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = careloop.app.server.address() as AddressInfo;
  return { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` };
}

/** Opens a socket; resolves once open (or rejects with the server's refusal, e.g. "Unexpected server response: 401"). */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: Record<string, unknown>[] = [];
    const waiters = new Set<{ fits: (frame: Record<string, unknown>) => boolean; resolve: (frame: Record<string, unknown>) => void; seen: number }>();
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      frames.push(frame);
      for (const waiter of waiters) {
        if (waiter.fits(frame)) {
          waiters.delete(waiter);
          waiter.resolve(frame);
        }
      }
    });
    ws.on('error', reject);
    ws.on('open', () => resolve({
      ws, frames, closed,
      send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
      next: (fits, timeoutMs = 5000) => new Promise((found, failed) => {
        const already = frames.find(fits);
        if (already) {
          frames.splice(frames.indexOf(already), 1);
          return found(already);
        }
        const waiter = {
          fits, seen: frames.length,
          resolve: (frame: Record<string, unknown>) => {
            clearTimeout(timer);
            frames.splice(frames.indexOf(frame), 1);
            found(frame);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          failed(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames).slice(0, 800)}`));
        }, timeoutMs);
        waiters.add(waiter);
      }),
    }));
  });
}

