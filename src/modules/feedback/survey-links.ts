import { signLink, verifyLink } from '../../platform/links.js';
import type { Platform } from '../../platform/platform.js';

export const SURVEY_LINK = 'survey';
/** A survey link works for 30 days: later answers would no longer be about the visit. */
export const SURVEY_LINK_DAYS = 30;

/** The patient's one-time link to one invitation's survey (no account). */
export function surveyLink(platform: Platform, invitation: { id: string; organization_id: string }, expiresAt: Date) {
  const token = signLink(platform.config.secretKey, { purpose: SURVEY_LINK, organizationId: invitation.organization_id, subject: invitation.id, expiresAt, oneTime: true });
  return `${platform.config.publicUrl}/s/${token}`;
}

/** The invitation a link is for (403 link_invalid for a forged, altered or other-purpose token; 410 link_expired). */
export const verifySurveyLink = (platform: Platform, token: string) => verifyLink(platform.config.secretKey, token, SURVEY_LINK);
