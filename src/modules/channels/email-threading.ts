import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The reply token in a clinic's Reply-To address (riverside+c1042-5f1e0c2a9b7d4e31@...): the
 * conversation number and a signature, in lower case because mail systems may fold the case of
 * addresses. A reply that carries it joins its conversation even when a mail client drops the
 * In-Reply-To and References headers; a forged one is recognised and never joins anything.
 */
const signature = (secret: string, organizationId: string, number: number) =>
  createHmac('sha256', `${secret}:reply-token`).update(`${organizationId}|${number}`).digest('hex').slice(0, 16);

export const replyToken = (secret: string, organizationId: string, conversationNumber: number) =>
  `c${conversationNumber}-${signature(secret, organizationId, conversationNumber)}`;

/** The conversation number a token names, if its signature is right for the organization. */
export function verifyReplyToken(secret: string, organizationId: string, token: string): number | null {
  const match = /^c(\d{1,15})-([0-9a-f]{16})$/.exec(token.toLowerCase());
  if (!match) return null;
  const number = Number(match[1]);
  const expected = Buffer.from(signature(secret, organizationId, number));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? number : null;
}

/** A new Message-ID on the clinic's mail domain. */
export const newMessageId = (id: string, domain: string) => `<${id}@${domain}>`;
