import { invalid } from '../../platform/errors.js';

/**
 * An endpoint's URL: http or https, no user name or password (secrets go in the signing secret, and a
 * URL is shown on screens and in logs). Private addresses are allowed on purpose: Careloop is
 * self-hosted and often delivers to a system on the same network (see docs/webhooks.md on SSRF).
 */
export function checkEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid('url', 'must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('url', `must use http or https, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw invalid('url', 'must not contain a user name or password');
  if (url.hash) throw invalid('url', 'must not contain a #fragment');
  return url.toString();
}
