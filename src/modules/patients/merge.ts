import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import type { PatientAddress } from '../../db/schema.js';
import { presentPatient } from './present.js';
import type { Patient } from './schemas.js';
import * as store from './store.js';

/**
 * Merges a duplicate record into the survivor: contact points the survivor lacks, tags and missing
 * details move over; the timeline and earlier merges are re-pointed; the duplicate stays, marked
 * merged with replaced_by. Other modules re-point their own references on `patient.merged`.
 */
export async function mergePatients(platform: Platform, actor: Actor, survivorId: string, duplicateId: string): Promise<Patient> {
  if (survivorId === duplicateId) throw invalid('duplicateId', 'must be another patient than the one kept');
  const merged = await platform.db.transaction().execute(async (trx) => {
    const locked = await store.lockPatients(trx, actor.organizationId, [survivorId, duplicateId]);
    const survivor = locked.find((row) => row.id === survivorId);
    const duplicate = locked.find((row) => row.id === duplicateId);
    if (!survivor) throw notFound('patient', survivorId);
    if (!duplicate) throw notFound('patient', duplicateId);
    for (const row of [survivor, duplicate]) {
      if (row.status === 'merged') throw conflict('patient_merged', `Patient ${row.mrn} was already merged into another record.`, { id: row.id, replacedBy: row.replaced_by });
    }

    const points = await store.listContactPoints(trx, actor.organizationId, [survivorId, duplicateId]);
    const kept = new Set(points.filter((cp) => cp.patient_id === survivorId).map((cp) => `${cp.kind}:${cp.value}`));
    const moving = points.filter((cp) => cp.patient_id === duplicateId && !kept.has(`${cp.kind}:${cp.value}`));
    // A kind the survivor had none of keeps the duplicate's primary one as its primary.
    const survivorKinds = new Set(points.filter((cp) => cp.patient_id === survivorId).map((cp) => cp.kind));
    const primaries = (['phone', 'email'] as const).filter((kind) => !survivorKinds.has(kind))
      .map((kind) => moving.find((cp) => cp.kind === kind && cp.is_primary) ?? moving.find((cp) => cp.kind === kind))
      .filter((cp) => cp !== undefined).map((cp) => cp.id);
    await store.movePatientContactPoints(trx, actor.organizationId, moving.map((cp) => cp.id), survivorId, primaries);

    const address = (survivor.address as PatientAddress | null) ?? (duplicate.address as PatientAddress | null);
    await store.updatePatient(trx, actor.organizationId, survivorId, {
      tags: [...new Set([...survivor.tags, ...duplicate.tags])].sort(),
      preferred_name: survivor.preferred_name ?? duplicate.preferred_name,
      sex: survivor.sex === 'unknown' ? duplicate.sex : survivor.sex,
      address: address ? JSON.stringify(address) : null,
    });
    await store.updatePatient(trx, actor.organizationId, duplicateId, { status: 'merged', replaced_by: survivorId });
    await store.repointMerged(trx, actor.organizationId, duplicateId, survivorId);
    await store.repointTimeline(trx, actor.organizationId, duplicateId, survivorId);

    const row = await store.findPatient(trx, actor.organizationId, survivorId);
    return { patient: presentPatient(row!, await store.listContactPoints(trx, actor.organizationId, [survivorId])), duplicateMrn: duplicate.mrn };
  });

  await platform.events.publish({
    type: 'patient.merged', version: 1, organizationId: actor.organizationId, patientId: survivorId,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: { summary: `Merged duplicate record MRN ${merged.duplicateMrn} into this one`, survivorId, mergedId: duplicateId },
  });
  return merged.patient;
}
