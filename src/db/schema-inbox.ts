import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Json, Timestamp } from './columns.js';

/** Table types of the inbox, channels and care modules (see migration 0002). */
export type Channel = 'sms' | 'email' | 'chat' | 'voice' | 'portal';
export type EndpointChannel = 'sms' | 'voice' | 'email' | 'chat';
export type OutboundChannel = 'sms' | 'email' | 'chat';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved' | 'merged';
export type MessageDirection = 'in' | 'out' | 'note' | 'event';
export type AuthorType = 'patient' | 'staff' | 'bot' | 'automation' | 'system';
export type MessageStatus = 'received' | 'scheduled' | 'queued' | 'sent' | 'delivered' | 'failed' | 'test' | 'cancelled';
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'undelivered' | 'test' | 'cancelled';
export type TaskKind = 'callback' | 'post_visit_call' | 'lab_result' | 'recovery_call' | 'referral_follow_up' | 'other';
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface CallDetails {
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  durationSeconds: number;
  outcome: 'answered' | 'missed' | 'voicemail' | 'busy' | 'failed';
  notes?: string;
}

export interface EmailHeaders {
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
  /** Files sent with the mail (an appointment's .ics), as text. */
  attachments?: { filename: string; contentType: string; content: string }[];
}

export interface UsedLinkTable {
  link_id: string;
  used_at: CreatedAt;
}

export interface ChannelEndpointTable {
  id: Generated<string>;
  organization_id: string;
  channel: EndpointChannel;
  address: string;
  name: string;
  department_id: string | null;
  created_at: CreatedAt;
}

export interface BusinessHoursTable {
  id: Generated<string>;
  organization_id: string;
  department_id: string | null;
  weekday: number;
  opens: string;
  closes: string;
}

export interface HolidayTable {
  id: Generated<string>;
  organization_id: string;
  department_id: string | null;
  day: string;
  name: string;
}

export interface SlaPolicyTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  department_id: string | null;
  priority: Priority;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours: Defaulted<boolean>;
  warn_before_minutes: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ConversationTable {
  id: Generated<string>;
  organization_id: string;
  number: Generated<number>;
  channel: Channel;
  endpoint: string | null;
  patient_id: string | null;
  contact_address: string | null;
  contact_name: string | null;
  subject: string | null;
  status: Defaulted<ConversationStatus>;
  priority: Defaulted<Priority>;
  department_id: string | null;
  assignee_id: string | null;
  labels: TextArray;
  snoozed_until: Date | null;
  merged_into: string | null;
  waiting_since: Date | null;
  reopen_count: Defaulted<number>;
  sla_policy_id: string | null;
  first_response_due_at: Date | null;
  next_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_warned: TextArray;
  last_message_at: Timestamp;
  last_message_preview: string | null;
  resolved_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MessageTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  patient_id: string | null;
  channel: Channel;
  direction: MessageDirection;
  author_type: AuthorType;
  author_id: string | null;
  author_label: string;
  sender_address: string | null;
  body: string;
  subject: string | null;
  external_id: string | null;
  email_references: TextArray;
  mentions: TextArray;
  call: Json<CallDetails> | null;
  status: Defaulted<MessageStatus>;
  send_at: Date | null;
  created_at: CreatedAt;
}

export interface AttachmentTable {
  id: Generated<string>;
  organization_id: string;
  message_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  content: Buffer;
  created_at: CreatedAt;
}

export interface InboundEmailTable {
  id: Generated<string>;
  organization_id: string | null;
  envelope_from: string | null;
  envelope_to: string[];
  raw: Buffer;
  outcome: string;
  message_id: string | null;
  created_at: CreatedAt;
}

export interface SmsOptOutTable {
  organization_id: string;
  phone: string;
  opted_out_at: CreatedAt;
}

export interface OutboxTable {
  id: Generated<string>;
  organization_id: string;
  idempotency_key: string;
  purpose: string;
  channel: OutboundChannel;
  patient_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  recipient: string;
  sender: string | null;
  subject: string | null;
  body: string;
  email_headers: Json<EmailHeaders> | null;
  status: Defaulted<OutboxStatus>;
  test_mode: Defaulted<boolean>;
  attempts: Defaulted<number>;
  last_error: string | null;
  provider_id: string | null;
  send_after: Timestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
  sent_at: Date | null;
  delivered_at: Date | null;
}

export interface ResponseWaitTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  cycle: number;
  kind: 'first' | 'next';
  channel: Channel;
  department_id: string | null;
  waiting_since: Date;
  responded_at: Date | null;
  responder_id: string | null;
  seconds: number | null;
  business_seconds: number | null;
  unanswered: Defaulted<boolean>;
}

export interface ConversationCycleTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  cycle: number;
  channel: Channel;
  department_id: string | null;
  opened_at: Date;
  reopened: boolean;
  resolved_at: Date | null;
  resolved_by: string | null;
  assignee_id: string | null;
  seconds: number | null;
  business_seconds: number | null;
}

export interface CannedReplyTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  shortcut: string | null;
  body: string;
  department_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RuleCondition {
  field: string;
  operator: string;
  value: string | number | boolean | string[];
}

export interface RuleAction {
  type: string;
  [parameter: string]: unknown;
}

export interface AutomationRuleTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  event: string;
  conditions: Json<RuleCondition[]>;
  actions: Json<RuleAction[]>;
  enabled: Defaulted<boolean>;
  position: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AssignmentCursorTable {
  organization_id: string;
  scope: string;
  last_user_id: string | null;
}

export interface AgentPresenceTable {
  user_id: string;
  organization_id: string;
  last_seen_at: Date;
}

export interface ChatSessionTable {
  id: Generated<string>;
  organization_id: string;
  endpoint: string;
  token_hash: string;
  visitor_name: string | null;
  visitor_email: string | null;
  conversation_id: string | null;
  client_ip: Generated<string>;
  last_seen_at: Timestamp;
  created_at: CreatedAt;
}

export interface FollowUpTaskTable {
  id: Generated<string>;
  organization_id: string;
  patient_id: string | null;
  kind: TaskKind;
  title: string;
  details: string | null;
  priority: Defaulted<Priority>;
  status: Defaulted<'open' | 'done' | 'cancelled'>;
  owner_id: string | null;
  department_id: string | null;
  due_at: Date;
  outcome: string | null;
  source_type: string | null;
  source_id: string | null;
  created_by_label: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Date | null;
}

export interface InboxTables {
  used_links: UsedLinkTable;
  channel_endpoints: ChannelEndpointTable;
  business_hours: BusinessHoursTable;
  holidays: HolidayTable;
  sla_policies: SlaPolicyTable;
  conversations: ConversationTable;
  messages: MessageTable;
  attachments: AttachmentTable;
  inbound_emails: InboundEmailTable;
  sms_opt_outs: SmsOptOutTable;
  outbox: OutboxTable;
  response_waits: ResponseWaitTable;
  conversation_cycles: ConversationCycleTable;
  canned_replies: CannedReplyTable;
  automation_rules: AutomationRuleTable;
  assignment_cursors: AssignmentCursorTable;
  agent_presence: AgentPresenceTable;
  chat_sessions: ChatSessionTable;
  follow_up_tasks: FollowUpTaskTable;
}
