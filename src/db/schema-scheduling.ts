import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Json, Timestamp } from './columns.js';

/** Table types of the scheduling and check-in modules (see migration 0003). */
export type AppointmentStatus = 'booked' | 'confirmed' | 'arrived' | 'in_room' | 'completed' | 'cancelled' | 'no_show';
export type AppointmentSource = 'staff' | 'online' | 'api' | 'waitlist' | 'sms';
export type CancelReason = 'patient_request' | 'clinic' | 'provider_unavailable' | 'weather' | 'no_show' | 'rescheduled' | 'duplicate' | 'other';
export type ExceptionKind = 'time_off' | 'holiday' | 'extra_hours';
export type WaitlistStatus = 'waiting' | 'booked' | 'removed';
export type OfferStatus = 'open' | 'accepted' | 'gone' | 'declined' | 'expired';
export type ReminderStatus = 'scheduled' | 'sent' | 'skipped' | 'cancelled';
type IntArray = ColumnType<number[], number[] | undefined, number[]>;

export interface LocationTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  time_zone: string;
  address: string | null;
  phone: string | null;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ProviderTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  title: string | null;
  user_id: string | null;
  department_id: string | null;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ServiceTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  description: string | null;
  department_id: string | null;
  duration_minutes: number;
  buffer_before_minutes: Defaulted<number>;
  buffer_after_minutes: Defaulted<number>;
  slot_step_minutes: Defaulted<number>;
  online_booking: Defaulted<boolean>;
  new_patients_online: Defaulted<boolean>;
  max_days_ahead: Defaulted<number>;
  min_notice_minutes: Defaulted<number>;
  max_per_day: number | null;
  reminder_offsets_minutes: IntArray;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ServiceOfferingTable {
  organization_id: string;
  service_id: string;
  provider_id: string;
  location_id: string;
}

export interface WorkingHoursTable {
  id: Generated<string>;
  organization_id: string;
  provider_id: string;
  location_id: string;
  weekday: number;
  /** Wall-clock 'HH:MM:SS' in the location's zone. */
  starts: string;
  ends: string;
}

export interface ScheduleExceptionTable {
  id: Generated<string>;
  organization_id: string;
  provider_id: string | null;
  location_id: string | null;
  kind: ExceptionKind;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
  created_at: CreatedAt;
}

export interface AppointmentTable {
  id: Generated<string>;
  organization_id: string;
  patient_id: string;
  provider_id: string;
  location_id: string;
  service_id: string;
  starts_at: Date;
  ends_at: Date;
  blocked_from: Date;
  blocked_until: Date;
  status: Defaulted<AppointmentStatus>;
  overbooked: Defaulted<boolean>;
  overbook_reason: string | null;
  source: AppointmentSource;
  booked_by: string;
  notes: string | null;
  cancel_reason: CancelReason | null;
  cancel_note: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  confirmed_at: Date | null;
  reschedule_requested_at: Date | null;
  arrived_at: Date | null;
  in_room_at: Date | null;
  completed_at: Date | null;
  no_show_at: Date | null;
  rescheduled_from: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WaitlistEntryTable {
  id: Generated<string>;
  organization_id: string;
  patient_id: string;
  service_id: string;
  provider_id: string | null;
  location_id: string | null;
  earliest: string;
  latest: string;
  priority: Defaulted<number>;
  note: string | null;
  status: Defaulted<WaitlistStatus>;
  appointment_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WaitlistOfferTable {
  id: Generated<string>;
  organization_id: string;
  entry_id: string;
  slot_key: string;
  provider_id: string;
  location_id: string;
  service_id: string;
  starts_at: Date;
  status: Defaulted<OfferStatus>;
  expires_at: Date;
  appointment_id: string | null;
  answered_at: Date | null;
  created_at: CreatedAt;
}

export interface AppointmentReminderTable {
  id: Generated<string>;
  organization_id: string;
  appointment_id: string;
  offset_minutes: number;
  planned_start: Date;
  due_at: Date;
  status: Defaulted<ReminderStatus>;
  channel: string | null;
  outbox_id: string | null;
  skip_reason: string | null;
  sent_at: Date | null;
}

export interface QuestionnaireItem {
  id: string;
  text: string;
  textEs?: string;
  kind: 'text' | 'yes_no' | 'choice' | 'number';
  options?: string[];
  required: boolean;
}

export interface QuestionnaireTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  service_id: string | null;
  items: Json<QuestionnaireItem[]>;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface QuestionnaireResponseTable {
  id: Generated<string>;
  organization_id: string;
  questionnaire_id: string;
  appointment_id: string;
  patient_id: string;
  answers: Json<Record<string, string | number | boolean>>;
  submitted_at: Timestamp;
}

export interface SchedulingTables {
  locations: LocationTable;
  providers: ProviderTable;
  services: ServiceTable;
  service_offerings: ServiceOfferingTable;
  working_hours: WorkingHoursTable;
  schedule_exceptions: ScheduleExceptionTable;
  appointments: AppointmentTable;
  waitlist_entries: WaitlistEntryTable;
  waitlist_offers: WaitlistOfferTable;
  appointment_reminders: AppointmentReminderTable;
  questionnaires: QuestionnaireTable;
  questionnaire_responses: QuestionnaireResponseTable;
}
