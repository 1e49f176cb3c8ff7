// The shapes of the broadcast API, taken from the server's schemas as types only (nothing of the
// server reaches the browser bundle, and the two cannot drift apart).
import type { BroadcastSummary, Recipient } from '../../src/modules/broadcast/schemas.js';

export type {
  Broadcast, BroadcastChanges, BroadcastChannel, BroadcastStatus, BroadcastSummary, CancelAppointmentsBody, ChannelStats, Exclusions,
  NewBroadcast, Preview, PreviewBody, ProgressEvent, Purpose, Recipient, RecipientStatus, Segment, SkipReason, Stats,
} from '../../src/modules/broadcast/schemas.js';

export interface BroadcastList { items: BroadcastSummary[]; total: number }
export interface RecipientList { items: Recipient[]; total: number }
export interface CancelAppointmentsResult { cancelled: number; alreadyClosed: number; failed: number }
