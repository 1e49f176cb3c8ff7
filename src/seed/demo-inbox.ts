import type { Platform } from '../platform/platform.js';
import type { Actor } from '../platform/permissions.js';
import { addEndpoint } from '../modules/channels/service.js';
import { createTask } from '../modules/care/service.js';
import { receiveMessage } from '../modules/inbox/service.js';
import { addNote, sendReply } from '../modules/inbox/reply.js';
import { updateConversation } from '../modules/inbox/service.js';
import { registerPatient } from '../modules/patients/service.js';

const MAIN_LINE = '+16175550100';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** The demo clinic's inbox: its number, mailbox and chat widget, and a few conversations on every channel. */
export async function seedDemoInbox(platform: Platform, actor: Actor, agentId: string | null) {
  const org = actor.organizationId;
  await addEndpoint(platform, actor, { channel: 'sms', address: MAIN_LINE, name: 'Main line (texts)' });
  await addEndpoint(platform, actor, { channel: 'voice', address: MAIN_LINE, name: 'Main line (calls)' });
  await addEndpoint(platform, actor, { channel: 'email', address: 'riverside', name: 'Front desk mailbox' });
  const widget = await addEndpoint(platform, actor, { channel: 'chat', name: 'Website chat' });

  const patient = (givenName: string, familyName: string, dateOfBirth: string, phone: string, email: string, language = 'en') =>
    registerPatient(platform, actor, {
      givenName, familyName, dateOfBirth, language, allowDuplicate: true,
      contactPoints: [{ kind: 'phone', value: phone, label: 'mobile' }, { kind: 'email', value: email }],
    });
  const dana = await patient('Dana', 'Whitfield', '1984-06-02', '+16175550121', 'dana.whitfield@example.com');
  const rosa = await patient('Rosa', 'Martínez', '1971-11-19', '+16175550122', 'rosa.martinez@example.com', 'es');
  const omar = await patient('Omar', 'Haddad', '1990-03-27', '+16175550123', 'omar.haddad@example.com');

  const sms = (from: string, body: string, at: Date, id: string) => receiveMessage(platform, {
    organizationId: org, channel: 'sms', endpoint: MAIN_LINE, fromAddress: from, threading: 'per-sender', body, externalId: id, receivedAt: at,
  });

  // A known patient texting to move an appointment, then adding a detail from her thread link.
  const moving = await sms(dana.contactPoints[0]!.value, 'Hi, can I move my Thursday appointment to next week? Mornings are best.', minutesAgo(42), 'SMdemo0001');
  await receiveMessage(platform, {
    organizationId: org, channel: 'portal', endpoint: null, patientId: dana.id, conversationId: moving.conversation.id, threading: 'per-sender',
    fromAddress: null, fromName: 'Dana Whitfield', body: 'Also, I will bring my new insurance card.', externalId: 'thread:demo-1', receivedAt: minutesAgo(35),
  });
  // Someone the clinic doesn't know yet: an unverified contact to link or register.
  await sms('+16175550188', 'Hello, do you take new patients with Blue Cross? My daughter needs a check-up.', minutesAgo(18), 'SMdemo0002');

  // An e-mail thread in Spanish, answered once, with the patient's follow-up.
  const mail = await receiveMessage(platform, {
    organizationId: org, channel: 'email', endpoint: 'riverside', fromAddress: rosa.contactPoints[1]!.value, fromName: 'Rosa Martínez',
    threading: 'new', subject: 'Factura de la visita de octubre', externalId: '<demo-1@mail.example.com>', receivedAt: minutesAgo(60 * 26),
    body: 'Buenos días, recibí una factura por la visita del 14 de octubre pero mi seguro debería cubrirla. ¿Pueden revisarla?',
  });
  await sendReply(platform, actor, mail.conversation.id, { body: 'Buenos días Rosa, la revisamos hoy con facturación y le escribimos.' });
  await receiveMessage(platform, {
    organizationId: org, channel: 'email', endpoint: 'riverside', fromAddress: rosa.contactPoints[1]!.value, fromName: 'Rosa Martínez',
    threading: 'new', conversationId: mail.conversation.id, subject: 'Re: Factura de la visita de octubre', externalId: '<demo-2@mail.example.com>',
    emailReferences: ['<demo-1@mail.example.com>'], receivedAt: minutesAgo(90), body: 'Gracias. Adjunto la tarjeta del seguro si la necesitan.',
  });

  // A visitor on the clinic's web site.
  await receiveMessage(platform, {
    organizationId: org, channel: 'chat', endpoint: widget.address, fromAddress: null, fromName: 'Website visitor', threading: 'new',
    body: 'What time do you open on Saturday?', externalId: 'chat:demo-1', receivedAt: minutesAgo(7),
  });

  // A missed call: it opens a callback task.
  const call = await receiveMessage(platform, {
    organizationId: org, channel: 'voice', endpoint: MAIN_LINE, fromAddress: omar.contactPoints[0]!.value, threading: 'per-sender', kind: 'event',
    body: 'Missed call', externalId: 'CAdemo0001', receivedAt: minutesAgo(25),
    call: { direction: 'inbound', from: omar.contactPoints[0]!.value, to: MAIN_LINE, durationSeconds: 0, outcome: 'missed' },
  });
  await createTask(platform, actor, {
    patientId: omar.id, kind: 'callback', title: 'Call back Omar Haddad (missed call)', priority: 'high',
    source: { type: 'call', id: 'CAdemo0001' }, details: `Missed call from ${omar.contactPoints[0]!.value}`,
  });
  void call;

  // A conversation that was answered and resolved yesterday, with an internal note.
  const done = await sms(omar.contactPoints[0]!.value, 'Are my lab results back?', minutesAgo(60 * 28), 'SMdemo0003');
  await addNote(platform, actor, done.conversation.id, { body: 'Results are in the chart; Dr. Patel reviewed them, all normal.', ...(agentId && { mentions: [agentId] }) });
  await sendReply(platform, actor, done.conversation.id, { body: 'Hi Omar, your results are back and normal. Dr. Patel will go over them at your next visit.' });
  await updateConversation(platform, actor, done.conversation.id, { status: 'resolved' });
}
