import { invalidFields, notFound, type FieldProblem } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById } from '../identity/service.js';
import { serviceExists } from '../scheduling/queue.js';
import { presentSurvey } from './present.js';
import type { NewSurvey, Survey, SurveyChanges, SurveyItem, SurveyQuery } from './survey-schemas.js';
import * as store from './store.js';

/** Ids and keys unique, text trimmed: a survey the patient page can always render and reports can always name. */
function checkItems(items: SurveyItem[]): SurveyItem[] {
  const problems: FieldProblem[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  items.forEach((item, i) => {
    if (ids.has(item.id)) problems.push({ field: `items[${i}].id`, message: `"${item.id}" is used by another question` });
    if (keys.has(item.key)) problems.push({ field: `items[${i}].key`, message: `"${item.key}" is used by another question` });
    ids.add(item.id);
    keys.add(item.key);
  });
  if (problems.length) throw invalidFields(problems);
  return items.map((item) => ({ ...item, text: item.text.trim(), textEs: item.textEs.trim() }));
}

/** The department and service a survey is limited to must be the clinic's. */
async function checkFilters(platform: Platform, actor: Actor, input: { departmentId?: string | null | undefined; serviceId?: string | null | undefined }) {
  const problems: FieldProblem[] = [];
  if (input.departmentId && !(await findDepartmentById(platform, actor.organizationId, input.departmentId))) {
    problems.push({ field: 'departmentId', message: 'is not a department of this clinic' });
  }
  if (input.serviceId && !(await serviceExists(platform, actor, input.serviceId))) problems.push({ field: 'serviceId', message: 'is not a service of this clinic' });
  if (problems.length) throw invalidFields(problems);
}

const intro = (text: string | null | undefined) => (text === undefined ? undefined : text?.trim() || null);

export async function listSurveys(platform: Platform, actor: Actor, query: SurveyQuery) {
  return { items: (await store.listSurveys(platform.db, actor.organizationId, query)).map(presentSurvey) };
}

export async function getSurvey(platform: Platform, actor: Actor, id: string): Promise<Survey> {
  const row = await store.findSurvey(platform.db, actor.organizationId, id);
  if (!row) throw notFound('survey', id);
  return presentSurvey(row);
}

/** Defines a survey: its questions in English and Spanish, what sends it, after how long, and how often a patient may get one. */
export async function createSurvey(platform: Platform, actor: Actor, input: NewSurvey): Promise<Survey> {
  const items = checkItems(input.items);
  await checkFilters(platform, actor, input);
  return presentSurvey(await store.insertSurvey(platform.db, {
    organization_id: actor.organizationId, name: input.name.trim(), trigger: input.trigger,
    delay_minutes: input.delayMinutes ?? 120, throttle_days: input.throttleDays ?? 30,
    department_id: input.departmentId ?? null, service_id: input.serviceId ?? null,
    intro: intro(input.intro) ?? null, intro_es: intro(input.introEs) ?? null, items: JSON.stringify(items), active: input.active ?? true,
  }));
}

/**
 * Once patients have answered, each question keeps its id, key and kind (reports count past answers
 * by them): its wording may change and questions may be added, but one is not removed or turned
 * into another. A different question is a new one, or a new survey.
 */
async function checkAnsweredItems(platform: Platform, organizationId: string, surveyId: string, before: SurveyItem[], after: SurveyItem[]) {
  if (!(await store.hasResponses(platform.db, organizationId, surveyId))) return;
  const problems: FieldProblem[] = [];
  for (const old of before) {
    const index = after.findIndex((item) => item.id === old.id);
    const kept = after[index];
    if (!kept) problems.push({ field: 'items', message: `"${old.id}" has answers and cannot be removed (turn the survey off and make a new one instead)` });
    else if (kept.key !== old.key || kept.kind !== old.kind) problems.push({ field: `items[${index}]`, message: `"${old.id}" has answers: its key and kind stay ${old.key} / ${old.kind}` });
  }
  if (problems.length) throw invalidFields(problems);
}

/** Edits a survey, or retires it (active false: nothing new is scheduled; invitations already out still work). */
export async function updateSurvey(platform: Platform, actor: Actor, id: string, changes: SurveyChanges): Promise<Survey> {
  const items = changes.items && checkItems(changes.items);
  await checkFilters(platform, actor, changes);
  if (items) {
    const current = await store.findSurvey(platform.db, actor.organizationId, id);
    if (!current) throw notFound('survey', id);
    await checkAnsweredItems(platform, actor.organizationId, id, current.items, items);
  }
  const row = await store.updateSurvey(platform.db, actor.organizationId, id, {
    ...(changes.name !== undefined && { name: changes.name.trim() }), ...(changes.trigger !== undefined && { trigger: changes.trigger }),
    ...(changes.delayMinutes !== undefined && { delay_minutes: changes.delayMinutes }), ...(changes.throttleDays !== undefined && { throttle_days: changes.throttleDays }),
    ...(changes.departmentId !== undefined && { department_id: changes.departmentId }), ...(changes.serviceId !== undefined && { service_id: changes.serviceId }),
    ...(changes.intro !== undefined && { intro: intro(changes.intro) ?? null }), ...(changes.introEs !== undefined && { intro_es: intro(changes.introEs) ?? null }),
    ...(items && { items: JSON.stringify(items) }), ...(changes.active !== undefined && { active: changes.active }),
  });
  if (!row) throw notFound('survey', id);
  return presentSurvey(row);
}
