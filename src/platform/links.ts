import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from './errors.js';

/**
 * Links sent to patients (read a thread, confirm, check in, answer a survey) carry a signed,
 * expiring, single-purpose token. This is the one place they are made and checked.
 */
export interface LinkClaims {
  /** What the link is for: 'thread', 'confirm', 'survey', ... A token for one purpose is refused for another. */
  purpose: string;
  organizationId: string;
  /** The thing the link acts on (a conversation id, an appointment id, ...). */
  subject: string;
  expiresAt: Date;
  /** One-time links are refused once used (see useLink). */
  oneTime?: boolean;
}

interface Payload { p: string; o: string; s: string; e: number; j: string; t: 0 | 1 }

const sign = (secret: string, body: string) => createHmac('sha256', `${secret}:patient-links`).update(body).digest('base64url');

export function signLink(secret: string, claims: LinkClaims): string {
  const payload: Payload = {
    p: claims.purpose, o: claims.organizationId, s: claims.subject,
    e: Math.floor(claims.expiresAt.getTime() / 1000), j: randomUUID(), t: claims.oneTime ? 1 : 0,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export interface VerifiedLink extends LinkClaims { linkId: string }

const linkError = (code: string, message: string) => new AppError(code === 'link_expired' ? 410 : 403, code, message);

/** Checks a token's signature, purpose and expiry. Errors are polite: a patient reads them. */
export function verifyLink(secret: string, token: string, purpose: string): VerifiedLink {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) throw linkError('link_invalid', 'This link is not valid. Please use the link exactly as you received it.');
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw linkError('link_invalid', 'This link is not valid. Please use the link exactly as you received it.');
  }
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  } catch {
    throw linkError('link_invalid', 'This link is not valid. Please use the link exactly as you received it.');
  }
  if (payload.p !== purpose) throw linkError('link_invalid', 'This link is for something else.');
  if (payload.e * 1000 < Date.now()) throw linkError('link_expired', 'This link has expired. Please contact the clinic for a new one.');
  return {
    purpose: payload.p, organizationId: payload.o, subject: payload.s, expiresAt: new Date(payload.e * 1000),
    oneTime: payload.t === 1, linkId: payload.j,
  };
}

/** Marks a one-time link used, in the caller's transaction; a second use gets 410 link_used. */
export async function useLink(db: Kysely<Database>, link: VerifiedLink): Promise<void> {
  if (!link.oneTime) return;
  const inserted = await db.insertInto('used_links').values({ link_id: link.linkId }).onConflict((oc) => oc.doNothing()).returning('link_id').executeTakeFirst();
  if (!inserted) throw new AppError(410, 'link_used', 'This link has already been used. Thank you: nothing more is needed.');
}
