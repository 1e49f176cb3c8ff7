import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { mrnSystem } from './identifiers.js';
import { importBundle } from './import-bundle.js';
import { outcomeOf } from './outcome.js';

/**
 * A Bundle file imported from the command line (`careloop import fhir FILE --org SLUG`), exactly as
 * POST /fhir imports it: one line per entry (its status and location, or what was wrong).
 */
export async function importBundleFile(platform: Platform, actor: Actor, text: string): Promise<{ lines: string[]; failed: number }> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { lines: ['The file is not JSON (a FHIR Bundle in JSON is expected).'], failed: 1 };
  }
  try {
    const result = await importBundle(platform, actor, body, { base: `${platform.config.publicUrl}/fhir`, mrnSystem: mrnSystem(platform, actor.organizationId) });
    // No HTTP audit hook here: the records the file created or matched are audited like the CSV import's.
    const patientIds = (result.entry ?? []).flatMap((entry) => /^Patient\/(.+)$/.exec(entry.response?.location ?? '')?.[1] ?? []);
    if (patientIds.length) await platform.audit.record(actor, patientIds.map((id) => ({ action: 'import', entityType: 'patient', entityId: id, patientId: id, details: { via: 'fhir_bundle_file' } })));
    const lines = (result.entry ?? []).map((entry, index) => {
      const problem = entry.response?.outcome && 'issue' in entry.response.outcome ? ` ${entry.response.outcome.issue.map((i) => i.diagnostics).join('; ')}` : '';
      return `entry ${index}: ${entry.response?.status ?? ''}${entry.response?.location ? ` ${entry.response.location}` : ''}${problem}`;
    });
    return { lines, failed: (result.entry ?? []).filter((entry) => !/^20/.test(entry.response?.status ?? '')).length };
  } catch (error) {
    const known = outcomeOf(error as Error);
    if (!known) throw error;
    return { lines: known.outcome.issue.map((i) => `${known.status}: ${i.diagnostics ?? i.code}`), failed: 1 };
  }
}
