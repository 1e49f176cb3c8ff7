/**
 * The domain events an endpoint may subscribe to, grouped for the screen. Only these leave the
 * server: bookkeeping events (live-screen refreshes, progress ticks) never do. `*` means all of them.
 */
export const EVENT_GROUPS: { group: string; events: { type: string; label: string }[] }[] = [
  { group: 'Patients', events: [
    { type: 'patient.registered', label: 'A patient is registered' },
    { type: 'patient.updated', label: 'A patient record is edited' },
    { type: 'patient.merged', label: 'Two patient records are merged' },
    { type: 'patient.consent_changed', label: 'A patient’s consent changes' },
  ] },
  { group: 'Inbox', events: [
    { type: 'conversation.created', label: 'A conversation starts' },
    { type: 'conversation.assigned', label: 'A conversation is assigned' },
    { type: 'conversation.resolved', label: 'A conversation is resolved' },
    { type: 'conversation.reopened', label: 'A conversation is reopened' },
    { type: 'conversation.linked', label: 'A conversation is linked to a patient' },
    { type: 'message.received', label: 'A patient message arrives' },
    { type: 'message.sent', label: 'A reply is sent' },
    { type: 'call.logged', label: 'A phone call is logged' },
    { type: 'sla.breach_soon', label: 'An SLA is about to breach' },
    { type: 'sla.breached', label: 'An SLA is breached' },
  ] },
  { group: 'Scheduling', events: [
    { type: 'appointment.booked', label: 'An appointment is booked' },
    { type: 'appointment.moved', label: 'An appointment is moved' },
    { type: 'appointment.cancelled', label: 'An appointment is cancelled' },
    { type: 'appointment.confirmed', label: 'An appointment is confirmed' },
    { type: 'appointment.arrived', label: 'A patient arrives' },
    { type: 'appointment.in_room', label: 'A patient is taken to the room' },
    { type: 'appointment.no_show', label: 'A patient did not come' },
    { type: 'appointment.reschedule_requested', label: 'A patient asks to reschedule' },
    { type: 'visit.completed', label: 'A visit is completed' },
    { type: 'waitlist.joined', label: 'A patient joins the waitlist' },
    { type: 'waitlist.offered', label: 'A freed time is offered from the waitlist' },
    { type: 'waitlist.removed', label: 'A waitlist entry is removed' },
    { type: 'questionnaire.answered', label: 'A pre-visit questionnaire is answered' },
  ] },
  { group: 'Feedback', events: [
    { type: 'survey.sent', label: 'A survey is sent' },
    { type: 'survey.answered', label: 'A survey is answered' },
    { type: 'recovery_case.opened', label: 'A recovery case opens' },
    { type: 'recovery_case.closed', label: 'A recovery case closes' },
    { type: 'recovery_case.escalated', label: 'A recovery case is escalated' },
  ] },
  { group: 'Care', events: [
    { type: 'task.created', label: 'A follow-up task is created' },
    { type: 'task.completed', label: 'A task is completed' },
    { type: 'task.cancelled', label: 'A task is cancelled' },
    { type: 'task.escalated', label: 'An overdue task is escalated' },
    { type: 'referral.sent', label: 'A referral is sent' },
    { type: 'referral.scheduled', label: 'A referral is scheduled' },
    { type: 'referral.unscheduled', label: 'A referral’s visit fell through' },
    { type: 'referral.completed', label: 'A referral is completed' },
    { type: 'referral.result_received', label: 'A referral’s result comes back' },
    { type: 'referral.declined', label: 'A referral is declined' },
    { type: 'referral.cancelled', label: 'A referral is cancelled' },
    { type: 'referral.overdue', label: 'A referral is overdue' },
  ] },
  { group: 'Quality', events: [
    { type: 'incident.reported', label: 'An incident is reported' },
    { type: 'incident.updated', label: 'An incident changes' },
    { type: 'capa_action.created', label: 'A corrective action is created' },
    { type: 'capa_action.completed', label: 'A corrective action is completed' },
    { type: 'capa_action.verified', label: 'A corrective action is verified' },
    { type: 'capa_action.overdue', label: 'A corrective action is overdue' },
  ] },
  { group: 'Broadcasts', events: [
    { type: 'broadcast.started', label: 'A broadcast starts sending' },
    { type: 'broadcast.sent', label: 'A broadcast has been sent' },
    { type: 'broadcast.cancelled', label: 'A broadcast is cancelled' },
  ] },
];

export const EVENT_TYPES: ReadonlySet<string> = new Set(EVENT_GROUPS.flatMap((g) => g.events.map((e) => e.type)));
export const ALL_EVENTS = '*';

/** Sent by "Send test event" and by automation rules; never published on the bus, never subscribable. */
export const TEST_EVENT = 'webhook.test';
export const AUTOMATION_EVENT = 'automation.webhook';

export const subscribes = (eventTypes: readonly string[], type: string) =>
  EVENT_TYPES.has(type) && (eventTypes.includes(ALL_EVENTS) || eventTypes.includes(type));
