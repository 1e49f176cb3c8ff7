/** Table types of migration 0007_referrals. */
export type ReferralTables = Record<never, never>;
