import type { Platform } from '../../platform/platform.js';

/**
 * Opens a recovery case for a survey response when it is unhappy (NPS 0-6, CSAT 1-2, or words of
 * a complaint), in the caller's transaction (`platform.db`). Returns the case id, or null.
 */
export async function openRecoveryCase(_platform: Platform, _responseId: string): Promise<{ id: string } | null> {
  return null;
}
