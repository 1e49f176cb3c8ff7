import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends. */
export const hashPassword = (password: string) => hash(password);

// Verified when the e-mail matches no account, so that a wrong address takes as long as a wrong password.
const DECOY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$YNq3bQ3x2Bdn3D9Kb5X0aWcR2kJ2p1ZxOyZ7+6R8b0Q';

export async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DECOY_HASH, password);
  } catch {
    return false;
  }
}

export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Session and API tokens are stored as SHA-256 digests: a leaked table holds no usable token. */
export const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export const API_TOKEN_PREFIX = 'clp_';
