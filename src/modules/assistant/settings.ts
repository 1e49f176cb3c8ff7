import { invalid } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { listDepartments, listUsers } from '../identity/service.js';
import type { AssistantSettings, SettingsChanges } from './schemas.js';
import * as store from './store.js';

/** A clinic's assistant settings as the engine reads them (defaults when none were saved: everything off). */
export interface EngineSettings {
  chatEnabled: boolean;
  smsEnabled: boolean;
  emergencyNumber: string;
  crisisLine: string;
  handoffDepartmentId: string | null;
  greeting: string | null;
  llm: { baseUrl: string; model: string; allowPhi: boolean } | null;
  onDutyStaffIds: string[];
}

const DEFAULTS = { emergencyNumber: '911', crisisLine: '988' };

/**
 * The model server's key comes from the environment only, so it is never stored in the database,
 * shown in the settings or written to the audit trail.
 */
export const llmApiKey = (platform: Platform) => platform.config.assistantLlmApiKey;

export async function engineSettings(platform: Platform, organizationId: string): Promise<EngineSettings> {
  const row = await store.findSettings(platform.db, organizationId);
  if (!row) return { chatEnabled: false, smsEnabled: false, ...DEFAULTS, handoffDepartmentId: null, greeting: null, llm: null, onDutyStaffIds: [] };
  return {
    chatEnabled: row.chat_enabled, smsEnabled: row.sms_enabled, emergencyNumber: row.emergency_number, crisisLine: row.crisis_line,
    handoffDepartmentId: row.handoff_department_id, greeting: row.greeting,
    llm: row.llm_base_url && row.llm_model ? { baseUrl: row.llm_base_url, model: row.llm_model, allowPhi: row.llm_allow_phi } : null,
    onDutyStaffIds: row.on_duty_user_ids,
  };
}

function present(platform: Platform, row: store.SettingsRow | undefined): AssistantSettings {
  return {
    chatEnabled: row?.chat_enabled ?? false, smsEnabled: row?.sms_enabled ?? false,
    emergencyNumber: row?.emergency_number ?? DEFAULTS.emergencyNumber, crisisLine: row?.crisis_line ?? DEFAULTS.crisisLine,
    handoffDepartmentId: row?.handoff_department_id ?? null, greeting: row?.greeting ?? null,
    llmBaseUrl: row?.llm_base_url ?? null, llmModel: row?.llm_model ?? null, llmAllowPhi: row?.llm_allow_phi ?? false,
    llmApiKeyConfigured: llmApiKey(platform) !== null, onDutyStaffIds: row?.on_duty_user_ids ?? [], updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

export const getSettings = async (platform: Platform, actor: Actor) => present(platform, await store.findSettings(platform.db, actor.organizationId));

/** An http(s) address without credentials in it (a key in a URL would be stored and shown). */
function checkEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid('llmBaseUrl', 'is not a URL (e.g. http://localhost:11434/v1)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('llmBaseUrl', 'must start with http:// or https://');
  if (url.username || url.password) throw invalid('llmBaseUrl', 'must not hold credentials; set ASSISTANT_LLM_API_KEY in the server\'s environment instead');
  if (url.search || url.hash) throw invalid('llmBaseUrl', 'must not have a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

/** Changes the clinic's settings; fields left out keep their value. */
export async function updateSettings(platform: Platform, actor: Actor, changes: SettingsChanges): Promise<AssistantSettings> {
  const current = present(platform, await store.findSettings(platform.db, actor.organizationId));
  const next = { ...current, ...changes };
  const baseUrl = next.llmBaseUrl?.trim() ? checkEndpoint(next.llmBaseUrl) : null;
  const model = next.llmModel?.trim() || null;
  if (baseUrl && !model) throw invalid('llmModel', 'is required with an endpoint (the model\'s name on that server)');
  if (changes.handoffDepartmentId) {
    const department = (await listDepartments(platform, actor)).find((d) => d.id === changes.handoffDepartmentId);
    if (!department) throw invalid('handoffDepartmentId', 'is not an active team of this clinic');
  }
  if (changes.onDutyStaffIds) {
    const active = new Set((await listUsers(platform, actor)).filter((u) => u.active).map((u) => u.id));
    const unknown = changes.onDutyStaffIds.find((id) => !active.has(id));
    if (unknown) throw invalid('onDutyStaffIds', `${unknown} is not an active staff member of this clinic`);
  }
  const row = await store.saveSettings(platform.db, {
    organization_id: actor.organizationId, chat_enabled: next.chatEnabled, sms_enabled: next.smsEnabled,
    emergency_number: next.emergencyNumber.trim(), crisis_line: next.crisisLine.trim(), handoff_department_id: next.handoffDepartmentId,
    greeting: next.greeting?.trim() || null, llm_base_url: baseUrl, llm_model: baseUrl ? model : null, llm_allow_phi: next.llmAllowPhi,
    on_duty_user_ids: [...new Set(next.onDutyStaffIds)], updated_by: actor.type === 'user' ? actor.id : null,
  });
  return present(platform, row);
}
