import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form fields as @fastify/formbody parses them: a repeated field arrives as an array. */
export type FormParams = Record<string, string | string[] | undefined>;

/**
 * The X-Twilio-Signature a Twilio-compatible provider sends: base64(HMAC-SHA1(auth token, the
 * full URL it requested (with the query string) followed by every POST field's name and value,
 * the fields sorted by name; a repeated field contributes each of its distinct values, sorted).
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
    for (const one of values) data += name + one;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The URL as configured and its twin with the scheme's default port written out or left out: providers sign either. */
export function urlVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  const portMatch = /^(.*?)(?::(\d+))?$/.exec(authority)!;
  const host = portMatch[1]!;
  const port = portMatch[2];
  if (port === undefined) return [url, `${scheme}://${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
  return [url];
}

/** Whether `signature` is the provider's signature of this request (compared in constant time). */
export function signatureMatches(authToken: string, signature: string, url: string, params: FormParams): boolean {
  const given = Buffer.from(signature, 'utf8');
  return urlVariants(url).some((candidate) => {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
