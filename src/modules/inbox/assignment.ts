import type { Platform } from '../../platform/platform.js';
import { permissionsOf, systemActor, type Actor } from '../../platform/permissions.js';
import { listUsers } from '../identity/service.js';
import * as rulesStore from './rules-store.js';

/** Who is online in the inbox, how loaded each agent is, and whom an automation assigns next. */
export const ONLINE_SECONDS = 90;
export type AssignStrategy = 'round_robin' | 'least_loaded';

/** A staff member's inbox connection is alive (the staff WebSocket calls this on every heartbeat). */
export async function touchPresence(platform: Platform, userId: string, organizationId: string, at = new Date()) {
  await rulesStore.touchPresence(platform.db, { user_id: userId, organization_id: organizationId, last_seen_at: at });
}

/** Active staff who may answer patients, whether they are online, and their open and pending conversations. */
export async function listAgents(platform: Platform, organizationId: string, now = new Date()) {
  const [users, online, load] = await Promise.all([
    listUsers(platform, systemActor(organizationId)),
    rulesStore.onlineSince(platform.db, organizationId, new Date(now.getTime() - ONLINE_SECONDS * 1000)),
    rulesStore.openLoad(platform.db, organizationId),
  ]);
  const onlineIds = new Set(online.map((row) => row.user_id));
  return users.filter((user) => user.active && permissionsOf(user.role).has('inbox:reply')).map((user) => ({
    id: user.id, name: user.display_name, role: user.role, departmentId: user.department_id,
    online: onlineIds.has(user.id), openAssigned: load.get(user.id) ?? 0,
  }));
}

export type Agent = Awaited<ReturnType<typeof listAgents>>[number];

export interface AgentPick {
  agent: Agent | null;
  /** Why nobody was picked (nobody of the team online), for the conversation's record. */
  reason: string | null;
}

/** The candidate after `last` in a stable order (by id), wrapping around. */
function after(candidates: Agent[], last: string | null) {
  const ordered = [...candidates].sort((a, b) => a.id.localeCompare(b.id));
  return ordered.find((agent) => last !== null && agent.id > last) ?? ordered[0]!;
}

function choose(candidates: Agent[], strategy: AssignStrategy, last: string | null) {
  if (strategy === 'round_robin') return after(candidates, last);
  // Least loaded; ties go round the team from where the last pick left off, so they are shared out too.
  const least = Math.min(...candidates.map((agent) => agent.openAssigned));
  return after(candidates.filter((agent) => agent.openAssigned === least), last);
}

/**
 * Picks the online agent of a team (or of the whole clinic) to assign next: round robin (in turn)
 * or least loaded (fewest open and pending conversations). With `dryRun` nothing moves the turn.
 */
export async function pickAgent(platform: Platform, actor: Actor, input: { strategy: AssignStrategy; departmentId: string | null; teamName?: string }, options: { dryRun?: boolean } = {}): Promise<AgentPick> {
  const agents = await listAgents(platform, actor.organizationId);
  const team = agents.filter((agent) => input.departmentId === null || agent.departmentId === input.departmentId);
  const candidates = team.filter((agent) => agent.online);
  const where = input.teamName ? `of ${input.teamName}` : 'of the clinic';
  if (candidates.length === 0) {
    return { agent: null, reason: team.length === 0 ? `nobody ${where} can answer patients` : `nobody ${where} is online` };
  }
  const scope = input.departmentId ?? 'clinic';
  if (options.dryRun) return { agent: choose(candidates, input.strategy, await rulesStore.readCursor(platform.db, actor.organizationId, scope)), reason: null };
  const agent = await platform.db.transaction().execute(async (trx) => {
    const last = await rulesStore.lockCursor(trx, actor.organizationId, scope);
    const chosen = choose(candidates, input.strategy, last);
    await rulesStore.moveCursor(trx, actor.organizationId, scope, chosen.id);
    return chosen;
  });
  return { agent, reason: null };
}
