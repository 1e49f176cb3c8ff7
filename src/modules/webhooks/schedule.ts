/**
 * When a failed delivery is tried again: 30 s, 1 min, 2 min, 4 min ... doubling, capped at an hour,
 * each spread by ±20 % so that endpoints failing together do not retry together; the last try is
 * 24 h after the first attempt, then the delivery is dead.
 */
export const FIRST_RETRY_SECONDS = 30;
export const MAX_RETRY_SECONDS = 3600;
export const GIVE_UP_AFTER_MS = 24 * 3600 * 1000;
const JITTER = 0.2;

/** The pause after the n-th consecutive failure (n ≥ 1); `random` in [0, 1) picks the jitter. */
export function retryDelaySeconds(failures: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, failures - 1), MAX_RETRY_SECONDS);
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** The next attempt after a failure, or null: give up (24 h have passed since the first attempt). */
export function nextAttemptAt(firstAttemptAt: Date, now: Date, failures: number, random: () => number = Math.random): Date | null {
  const deadline = firstAttemptAt.getTime() + GIVE_UP_AFTER_MS;
  if (now.getTime() >= deadline) return null;
  return new Date(Math.min(now.getTime() + retryDelaySeconds(failures, random) * 1000, deadline));
}

/** Consecutive failures after which an endpoint's circuit opens: new events wait instead of each trying it. */
export const CIRCUIT_THRESHOLD = 3;
/** An endpoint failing without a single success for this long is disabled, and the administrators told. */
export const DISABLE_AFTER_MS = 24 * 3600 * 1000;
