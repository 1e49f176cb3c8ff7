// The referral API's shapes, as the server's TypeBox schemas declare them (imported as types only).
export type { Referral, ReferralDetail, ReferralList, ReferralMove } from '../../src/modules/care/referral-schemas.js';
export type ReferralStatus = 'sent' | 'scheduled' | 'completed' | 'result_received' | 'declined' | 'cancelled';
export type ReferralKind = 'specialty' | 'external' | 'test';
export type ReferralUrgency = 'routine' | 'urgent' | 'emergency';
