import type { FishboneCategory } from '../../db/schema-quality.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import type { Analysis, AnalysisBody } from './incident-schemas.js';
import * as store from './incident-store.js';
import { advanceTo, loadIncident, publishStatusEvent } from './incidents.js';
import { publishQualityEvent, reference } from './quality-events.js';

/** Root cause analysis of an incident: the 5-whys chain, the fishbone, contributing factors and the root cause. */

/** An incident's analysis (empty lists when nobody has started it). */
export async function getAnalysis(platform: Platform, actor: Actor, incidentId: string): Promise<Analysis> {
  await loadIncident(platform, actor, incidentId);
  const [summary, entries] = await Promise.all([
    store.findAnalysis(platform.db, actor.organizationId, incidentId),
    store.analysisEntries(platform.db, actor.organizationId, incidentId),
  ]);
  const textsOf = (kind: store.AnalysisEntryRow['kind']) => entries.filter((entry) => entry.kind === kind).sort((a, b) => a.position - b.position);
  return {
    incidentId,
    problemStatement: summary?.problem_statement ?? null,
    whys: textsOf('why').map((entry) => entry.text),
    causes: textsOf('cause').map((entry) => ({ category: entry.category as FishboneCategory, text: entry.text })),
    contributingFactors: textsOf('factor').map((entry) => entry.text),
    rootCause: summary?.root_cause ?? null,
    completedAt: summary?.completed_at?.toISOString() ?? null,
    updatedBy: summary?.updated_by_label ?? null,
    updatedAt: summary?.updated_at.toISOString() ?? null,
  };
}

/**
 * Saves the whole analysis at once (quality:manage): what is sent replaces what was there. Marking
 * it completed needs a root cause and at least one why. An incident still reported or under review
 * moves to investigating; a closed one must be reopened first.
 */
export async function saveAnalysis(platform: Platform, actor: Actor, incidentId: string, body: AnalysisBody): Promise<Analysis> {
  const whys = body.whys.map((why) => why.trim());
  const rootCause = body.rootCause?.trim() || null;
  if (body.completed && !rootCause) throw invalid('rootCause', 'is required to complete the analysis: name the root cause the team found');
  if (body.completed && whys.length === 0) throw invalid('whys', 'needs at least one why to complete the analysis');
  const entries = [
    ...whys.map((text, position) => ({ kind: 'why' as const, position, category: null, text })),
    ...body.causes.map((cause, position) => ({ kind: 'cause' as const, position, category: cause.category, text: cause.text.trim() })),
    ...body.contributingFactors.map((text, position) => ({ kind: 'factor' as const, position, category: null, text: text.trim() })),
  ];
  const { incident, moved, wasCompleted } = await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockIncident(trx, actor.organizationId, incidentId);
    if (!current) throw notFound('incident', incidentId);
    if (current.status === 'closed') throw conflict('incident_closed', 'This incident is closed: reopen it (status under_review) before changing its analysis.');
    const before = await store.findAnalysis(trx, actor.organizationId, incidentId);
    await store.replaceAnalysis(trx, actor.organizationId, incidentId, {
      problem_statement: body.problemStatement?.trim() || null,
      root_cause: rootCause,
      completed_at: body.completed ? before?.completed_at ?? new Date() : null,
      updated_by_label: actor.label,
    }, entries);
    return { incident: current, moved: await advanceTo(trx, current, 'investigating'), wasCompleted: Boolean(before?.completed_at) };
  });
  if (moved) await publishStatusEvent(platform, actor, moved, null);
  const done = body.completed && !wasCompleted;
  await publishQualityEvent(platform, actor, 'incident.updated', incident,
    done ? `Root cause analysis of incident ${reference(incident.number)} completed: ${rootCause}` : `Root cause analysis of incident ${reference(incident.number)} updated`,
    { fields: ['analysis'], status: moved?.status ?? incident.status, whys: whys.length, causes: body.causes.length, contributingFactors: body.contributingFactors.length, completed: Boolean(body.completed) });
  return getAnalysis(platform, actor, incidentId);
}
