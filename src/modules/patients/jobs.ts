import type { Platform } from '../../platform/platform.js';
import { permissionsOf } from '../../platform/permissions.js';
import { IMPORT_JOB, runImportJob, type ImportJob } from './import.js';

export async function definePatientJobs(platform: Platform) {
  await platform.jobs.define<ImportJob>({
    name: IMPORT_JOB,
    batchSize: 1,
    retryLimit: 3,
    handle: (job) => runImportJob(platform, job, (data, createdBy) => ({
      organizationId: data.organizationId, type: data.actorType, id: createdBy, label: data.actorLabel,
      role: 'agent', permissions: permissionsOf('agent'), source: 'job',
    })),
  });
}
