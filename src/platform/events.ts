import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The one envelope every module uses for what happened. Names are past tense: `patient.registered`. */
export interface DomainEvent<T = Record<string, unknown>> {
  type: string;
  version: number;
  organizationId: string;
  patientId?: string;
  actor: { type: string; id: string | null; label: string };
  at: string;
  data: T;
}

export type EventHandler = (event: DomainEvent) => Promise<void> | void;

interface Subscription {
  type: string;
  handler: EventHandler;
  everyProcess: boolean;
}

export interface EventBus {
  /** Delivers to this process's subscribers, and to other processes' `everyProcess` subscribers. */
  publish(event: DomainEvent): Promise<void>;
  /**
   * Handlers with side effects in the database subscribe once (they run in the publishing
   * process); handlers that push to connected browsers pass everyProcess, since each process
   * holds its own connections.
   */
  subscribe(type: string, handler: EventHandler, options?: { everyProcess?: boolean }): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'careloop_events';

interface Logger {
  error(object: object, message: string): void;
}

export interface EventBusOptions {
  /** PostgreSQL to LISTEN on for other processes' events; unset on the embedded database. */
  postgresUrl?: string;
  /** Sends a NOTIFY (through the application's pool, so the LISTEN connection only listens). */
  notify?: (channel: string, payload: string) => Promise<void>;
  logger: Logger;
}

export async function createEventBus(options: EventBusOptions): Promise<EventBus> {
  const subscriptions: Subscription[] = [];
  const origin = randomUUID();
  let listener: pg.Client | undefined;

  async function deliver(event: DomainEvent, remote: boolean) {
    const matching = subscriptions.filter(
      (s) => (s.type === '*' || s.type === event.type) && (!remote || s.everyProcess),
    );
    for (const subscription of matching) {
      try {
        await subscription.handler(event);
      } catch (error) {
        options.logger.error({ err: error, eventType: event.type }, 'event handler failed');
      }
    }
  }

  if (options.postgresUrl) {
    listener = new pg.Client({ connectionString: options.postgresUrl });
    listener.on('error', (error) => options.logger.error({ err: error }, 'event listener connection failed'));
    await listener.connect();
    await listener.query(`listen ${CHANNEL}`);
    listener.on('notification', (message) => {
      if (!message.payload) return;
      let parsed: { origin: string; event: DomainEvent };
      try {
        parsed = JSON.parse(message.payload) as { origin: string; event: DomainEvent };
      } catch {
        options.logger.error({ channel: CHANNEL }, 'ignored a notification that is not an event');
        return;
      }
      if (parsed.origin !== origin && parsed.event?.type) void deliver(parsed.event, true);
    });
  }

  return {
    async publish(event) {
      await deliver(event, false);
      if (listener) {
        const payload = JSON.stringify({ origin, event });
        // NOTIFY payloads are limited to 8000 bytes; a larger event goes without its data.
        const fitting = Buffer.byteLength(payload) < 7900 ? payload : JSON.stringify({ origin, event: { ...event, data: {} } });
        if (options.notify) await options.notify(CHANNEL, fitting);
        else await listener.query('select pg_notify($1, $2)', [CHANNEL, fitting]);
      }
    },
    subscribe(type, handler, subscribeOptions) {
      const subscription = { type, handler, everyProcess: subscribeOptions?.everyProcess ?? false };
      subscriptions.push(subscription);
      return () => {
        const index = subscriptions.indexOf(subscription);
        if (index >= 0) subscriptions.splice(index, 1);
      };
    },
    async close() {
      subscriptions.length = 0;
      await listener?.end();
    },
  };
}
