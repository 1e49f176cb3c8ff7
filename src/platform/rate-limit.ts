import { tooManyRequests } from './errors.js';

/**
 * A small fixed-window limit per client address: patient pages are public, so a guessed or leaked
 * link cannot be hammered. Per process, in memory: a bound, not an exact count across processes. Generous enough for a person reading and answering.
 */
export function windowLimiter(limit: number, windowMs: number) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return (key: string) => {
    const now = Date.now();
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
    const entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      hits.set(key, { count: 1, resetAt: now + windowMs });
      return;
    }
    entry.count += 1;
    if (entry.count > limit) {
      throw tooManyRequests('Too many requests from this device. Please wait a minute and try again.', Math.ceil((entry.resetAt - now) / 1000));
    }
  };
}
