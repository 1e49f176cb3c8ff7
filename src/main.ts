#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCareloop } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { verifyAllChains } from './modules/audit/service.js';
import { importBundleFile } from './modules/fhir/import-file.js';
import { createApiToken, findOrganizationBySlug, listOrganizations } from './modules/identity/service.js';
import { decodeCsv } from './modules/patients/csv.js';
import { importPatientRows } from './modules/patients/import.js';
import { AppError } from './platform/errors.js';
import { ROLE_NAMES, systemActor, type Role } from './platform/permissions.js';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemo } from './seed/demo.js';

const USAGE = `careloop <command>

  serve                          start the server (seeds the demo clinic on an empty database)
  migrate                        apply database migrations
  seed --demo                    create the demo clinic
  import patients FILE --org SLUG   import patients from a UTF-8 CSV
  import fhir FILE --org SLUG       import a FHIR batch or transaction Bundle of Patients and Practitioners
  audit verify                   check the audit hash chain of every organization
  token create --org SLUG --name NAME [--role ROLE]   create an API token

Environment: PORT, HOST, DATABASE_URL, DATA_DIR, SECRET_KEY, PUBLIC_URL, LOG_LEVEL (see README).`;

function fail(message: string): never {
  process.stderr.write(`careloop: ${message}\n`);
  process.exit(1);
}

async function serve(config: Config) {
  const careloop = await buildCareloop(config, { workers: true });
  const seeded = (await listOrganizations(careloop.platform)).length === 0 && (await seedDemo(careloop.platform));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    careloop.app.log.info({ signal }, 'shutting down');
    await careloop.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await careloop.app.listen({ port: config.port, host: config.host });
  const database = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
  const lines = [
    '',
    `Careloop is running on ${database}.`,
    `  Open      ${config.publicUrl}`,
    `  API docs  ${config.publicUrl}/docs`,
    careloop.smtpPort !== null
      ? `  Mail in   SMTP on ${config.smtpListen?.host}:${careloop.smtpPort} for <mailbox>@${config.mailDomain}`
      : '  Mail in   off (SMTP_LISTEN_PORT=off)',
    `  Mail out  ${config.smtpUrl ? 'through SMTP_URL' : 'kept in the test outbox (set SMTP_URL to send)'}`,
    `  Texts     ${config.sms ? `through ${config.sms.apiUrl}` : 'kept in the test outbox (set SMS_ACCOUNT_SID and SMS_AUTH_TOKEN to send)'}`,
  ];
  if (seeded || (await findOrganizationBySlug(careloop.platform, 'riverside'))) {
    lines.push(`  Demo clinic logins (password "${DEMO_PASSWORD}"):`);
    for (const staff of DEMO_STAFF) lines.push(`    ${staff.email.padEnd(28)} ${staff.role}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/** One-shot commands run on the database without job workers. */
async function withCareloop<T>(config: Config, work: (careloop: Awaited<ReturnType<typeof buildCareloop>>) => Promise<T>): Promise<T> {
  const careloop = await buildCareloop({ ...config, logLevel: 'warn' }, { workers: false });
  try {
    return await work(careloop);
  } finally {
    await careloop.close();
  }
}

async function organizationActor(careloop: Awaited<ReturnType<typeof buildCareloop>>, slug: string | undefined, label: string) {
  if (!slug) fail('--org SLUG is required');
  const organization = await findOrganizationBySlug(careloop.platform, slug);
  if (!organization) fail(`no organization with slug "${slug}"`);
  return systemActor(organization.organization_id, 'cli', label);
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round((done / Math.max(total, 1)) * 100)).padStart(3)}% ${done}/${total} rows`;
}

async function importPatients(config: Config, file: string | undefined, slug: string | undefined) {
  if (!file) fail('import patients needs a FILE');
  const bytes = (() => {
    try { return readFileSync(file); } catch { return fail(`cannot read ${file}`); }
  })();
  const text = decodeCsv(bytes);
  await withCareloop(config, async (careloop) => {
    const actor = await organizationActor(careloop, slug, `CSV import of ${basename(file)}`);
    const tty = process.stderr.isTTY;
    let lastShown = -1;
    const result = await importPatientRows(careloop.platform, actor, text, {
      onProgress: ({ processed, total }) => {
        const percent = Math.floor((processed / Math.max(total, 1)) * 100);
        if (tty) process.stderr.write(`\r${progressBar(processed, total)}`);
        else if (percent >= lastShown + 10 || processed === total) {
          lastShown = percent;
          process.stderr.write(`${progressBar(processed, total)}\n`);
        }
      },
    });
    if (tty) process.stderr.write('\n');
    process.stdout.write(`Imported ${result.created} of ${result.total} rows; ${new Set(result.errors.map((e) => e.row)).size} rows had errors.\n`);
    for (const error of result.errors) process.stdout.write(`  row ${error.row}${error.field ? ` (${error.field})` : ''}: ${error.message}\n`);
  });
}

async function importFhirBundle(config: Config, file: string | undefined, slug: string | undefined) {
  if (!file) fail('import fhir needs a FILE');
  const text = (() => {
    try { return readFileSync(file, 'utf8'); } catch { return fail(`cannot read ${file}`); }
  })();
  await withCareloop(config, async (careloop) => {
    const result = await importBundleFile(careloop.platform, await organizationActor(careloop, slug, `FHIR import of ${basename(file)}`), text);
    process.stdout.write(`${result.lines.join('\n')}\n`);
    process.exitCode = result.failed > 0 ? 1 : 0;
  });
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { demo: { type: 'boolean' }, org: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, sub, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }

  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(database.db);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      } finally {
        await database.close();
      }
      return;
    }
    case 'seed':
      if (!values.demo) fail('seed needs --demo');
      return withCareloop(config, async (careloop) => {
        const created = await seedDemo(careloop.platform);
        process.stdout.write(created ? 'Demo clinic created.\n' : 'The demo clinic already exists.\n');
      });
    case 'import':
      if (sub === 'fhir') return importFhirBundle(config, arg, values.org);
      if (sub !== 'patients') fail('usage: careloop import patients|fhir FILE --org SLUG');
      return importPatients(config, arg, values.org);
    case 'audit': {
      if (sub !== 'verify') fail('usage: careloop audit verify');
      const reports = await withCareloop(config, (careloop) => verifyAllChains(careloop.platform.db));
      let broken = false;
      for (const report of reports) {
        if (report.ok) process.stdout.write(`organization ${report.organizationId}: ${report.entries} entries, chain intact\n`);
        else {
          broken = true;
          const link = report.firstBroken!;
          process.stdout.write(`organization ${report.organizationId}: BROKEN at entry ${link.seq}${link.id ? ` (id ${link.id})` : ''}: ${link.reason}\n`);
        }
      }
      if (reports.length === 0) process.stdout.write('No audit entries yet.\n');
      process.exitCode = broken ? 1 : 0;
      return;
    }
    case 'token': {
      if (sub !== 'create') fail('usage: careloop token create --org SLUG --name NAME [--role ROLE]');
      const role = (values.role ?? 'viewer') as Role;
      if (!ROLE_NAMES.includes(role)) fail(`--role must be one of ${ROLE_NAMES.join(', ')}`);
      if (!values.name) fail('--name is required');
      return withCareloop(config, async (careloop) => {
        const actor = await organizationActor(careloop, values.org, 'CLI');
        const created = await createApiToken(careloop.platform, actor, { name: values.name!, role });
        process.stdout.write(`${created.token}\n`);
        process.stderr.write(`API token "${values.name}" (${role}) created. It is shown once: store it now.\n`);
      });
    }
    default:
      fail(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppError) fail(error.message);
  process.stderr.write(`careloop: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
