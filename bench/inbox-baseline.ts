/**
 * The ceiling of bench/inbox: a bare Fastify app in a child process, like the Careloop server,
 * with one route at the webhook's path that parses the same form (@fastify/formbody, as Careloop
 * does) and answers the same empty TwiML with 200. No signature check, no database, no push.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { WEBHOOK_PATH } from './inbox-sms.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?>\n<Response/>';

async function main() {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  let received = 0;
  app.post(WEBHOOK_PATH, async (request, reply) => {
    const form = request.body as Record<string, string | undefined>;
    if (!form.MessageSid || !form.From || !form.To) return reply.status(400).send({ error: 'missing fields' });
    received += 1;
    return reply.status(200).type('text/xml; charset=utf-8').send(EMPTY_TWIML);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.send!({ url });
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'count') process.send!({ received });
    if (message.cmd === 'close') void app.close().then(() => process.exit(0));
  });
}

if (process.send) await main();
