import { conflict, invalid, notFound, pgErrorCode, UNIQUE_VIOLATION } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { findOrganization, listUsers } from '../identity/service.js';
import { getPatient } from '../patients/service.js';
import type { CannedReply, CannedReplyChanges, NewCannedReply } from './admin-schemas.js';
import * as cannedStore from './canned-store.js';
import type { CannedReplyRow } from './canned-store.js';
import { findDepartmentOf } from './hours.js';
import { rulesUsingCannedReply } from './rules-store.js';
import * as store from './store.js';
import type { ConversationRow } from './store.js';

/** Canned replies: saved answers with {{variables}} filled in for the conversation at hand. */
export const VARIABLES = ['patient.firstName', 'patient.lastName', 'patient.fullName', 'agent.name', 'clinic.name', 'conversation.number'] as const;
type Variable = (typeof VARIABLES)[number];
type Piece = { text: string } | { variable: Variable };

/** Said to a sender no patient record is linked to yet: "Hi {{patient.firstName}}" reads "Hi there". */
export const UNKNOWN_PATIENT_NAME = 'there';

/** Splits a template into text and variables; an unknown variable or unbalanced braces is a 400 naming it. */
export function parseTemplate(template: string, field = 'body'): Piece[] {
  const pieces: Piece[] = [];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    const close = rest.indexOf('}}');
    if (close >= 0 && (open < 0 || close < open)) throw invalid(field, `has "}}" without a matching "{{" (near "${snippet(rest, close)}")`);
    if (open < 0) {
      pieces.push({ text: rest });
      break;
    }
    const end = rest.indexOf('}}', open + 2);
    const nextOpen = rest.indexOf('{{', open + 2);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) throw invalid(field, `has "{{" without a matching "}}" (near "${snippet(rest, open)}")`);
    const name = rest.slice(open + 2, end).trim();
    if (!(VARIABLES as readonly string[]).includes(name)) {
      throw invalid(field, `unknown variable {{${name}}}; the variables are ${VARIABLES.map((v) => `{{${v}}}`).join(', ')}`);
    }
    if (open > 0) pieces.push({ text: rest.slice(0, open) });
    pieces.push({ variable: name as Variable });
    rest = rest.slice(end + 2);
  }
  return pieces;
}

const snippet = (text: string, at: number) => text.slice(Math.max(0, at - 15), at + 17).replace(/\s+/g, ' ');

export function renderTemplate(template: string, values: Record<Variable, string>) {
  return parseTemplate(template).map((piece) => ('text' in piece ? piece.text : values[piece.variable])).join('');
}

/** The values of the variables for one conversation, written by `actor` (a person, or an automation). */
export async function templateValues(platform: Platform, actor: Actor, conversation: ConversationRow): Promise<Record<Variable, string>> {
  const [patient, organization, staff] = await Promise.all([
    conversation.patient_id ? getPatient(platform, actor, conversation.patient_id) : null,
    findOrganization(platform, actor.organizationId),
    actor.type === 'user' ? null : listUsers(platform, actor),
  ]);
  const clinic = organization?.name ?? 'your clinic';
  const firstName = patient ? patient.preferredName || patient.givenName : UNKNOWN_PATIENT_NAME;
  const assignee = staff?.find((user) => user.id === conversation.assignee_id);
  return {
    'patient.firstName': firstName,
    'patient.lastName': patient?.familyName ?? '',
    'patient.fullName': patient ? `${firstName} ${patient.familyName}` : UNKNOWN_PATIENT_NAME,
    // A person signs with their own name; an automation or integration with the assignee's, else the clinic's team.
    'agent.name': actor.type === 'user' ? actor.label : assignee?.display_name ?? `the ${clinic} team`,
    'clinic.name': clinic,
    'conversation.number': String(conversation.number),
  };
}

export const presentCanned = (row: CannedReplyRow): CannedReply =>
  ({ id: row.id, title: row.title, shortcut: row.shortcut, body: row.body, departmentId: row.department_id });

export async function listCannedReplies(platform: Platform, actor: Actor, filter: { departmentId?: string; q?: string }) {
  return (await cannedStore.listCanned(platform.db, actor.organizationId, filter)).map(presentCanned);
}

async function saving<T>(work: () => Promise<T>, shortcut: string | null | undefined): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('shortcut_taken', `Another canned reply already uses the shortcut "${shortcut}".`, { shortcut });
    throw error;
  }
}

export async function createCannedReply(platform: Platform, actor: Actor, input: NewCannedReply) {
  parseTemplate(input.body);
  if (input.departmentId) await findDepartmentOf(platform, actor, input.departmentId);
  const row = await saving(() => cannedStore.insertCanned(platform.db, {
    organization_id: actor.organizationId, title: input.title.trim(), body: input.body, shortcut: input.shortcut ?? null, department_id: input.departmentId ?? null,
  }), input.shortcut);
  return presentCanned(row);
}

export async function updateCannedReply(platform: Platform, actor: Actor, id: string, changes: CannedReplyChanges) {
  if (changes.body !== undefined) parseTemplate(changes.body);
  if (changes.departmentId) await findDepartmentOf(platform, actor, changes.departmentId);
  const row = await saving(() => cannedStore.updateCanned(platform.db, actor.organizationId, id, {
    ...(changes.title !== undefined && { title: changes.title.trim() }),
    ...(changes.body !== undefined && { body: changes.body }),
    ...(changes.shortcut !== undefined && { shortcut: changes.shortcut }),
    ...(changes.departmentId !== undefined && { department_id: changes.departmentId }),
  }), changes.shortcut);
  if (!row) throw notFound('canned reply', id);
  return presentCanned(row);
}

/** Removes a canned reply; one an automation rule sends cannot go (409 canned_reply_in_use, naming the rules). */
export async function deleteCannedReply(platform: Platform, actor: Actor, id: string) {
  const rules = await rulesUsingCannedReply(platform.db, actor.organizationId, id);
  if (rules.length > 0) {
    throw conflict('canned_reply_in_use', `Automation rules send this reply: ${rules.map((r) => `"${r.name}"`).join(', ')}. Change those rules first.`, { rules });
  }
  const removed = await cannedStore.deleteCanned(platform.db, actor.organizationId, id);
  if (!removed) throw notFound('canned reply', id);
}

/** A canned reply filled in for a conversation (what the agent's composer inserts). */
export async function renderCannedReply(platform: Platform, actor: Actor, conversationId: string, cannedId: string) {
  const [conversation, canned] = await Promise.all([
    store.findConversation(platform.db, actor.organizationId, conversationId),
    cannedStore.findCanned(platform.db, actor.organizationId, cannedId),
  ]);
  if (!conversation) throw notFound('conversation', conversationId);
  if (!canned) throw notFound('canned reply', cannedId);
  return { body: renderTemplate(canned.body, await templateValues(platform, actor, conversation)), conversation };
}
