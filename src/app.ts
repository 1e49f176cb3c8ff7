import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import formbody from '@fastify/formbody';
import websocket from '@fastify/websocket';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { createEventBus } from './platform/events.js';
import { installErrorHandling, installNulCheck, installRequestLogging, installValidation, routeNotFound } from './platform/http.js';
import { startJobs } from './platform/jobs.js';
import { projectRoot } from './platform/paths.js';
import type { Platform } from './platform/platform.js';
import { installAuditHook } from './modules/audit/hook.js';
import { auditRoutes } from './modules/audit/routes.js';
import { createAuditTrail } from './modules/audit/service.js';
import { defineCareJobs } from './modules/care/jobs.js';
import { defineChannelJobs } from './modules/channels/jobs.js';
import { channelRoutes } from './modules/channels/routes.js';
import { startMailListener } from './modules/channels/email-in.js';
import { webhookRoutes } from './modules/channels/webhook-routes.js';
import { subscribeDelivery } from './modules/inbox/delivery.js';
import { defineInboxJobs } from './modules/inbox/jobs.js';
import { inboxAutomationRoutes, startInboxAutomation } from './modules/inbox/automation.js';
import { inboxRoutes } from './modules/inbox/routes.js';
import { staffRealtime } from './modules/inbox/realtime.js';
import { webchatRoutes } from './modules/channels/webchat-routes.js';
import { portalRoutes } from './modules/inbox/portal-routes.js';
import { careRoutes } from './modules/care/routes.js';
import { referralRoutes } from './modules/care/referral-routes.js';
import { defineReferralJobs } from './modules/care/referral-jobs.js';
import { taskRuleRoutes } from './modules/care/task-rule-routes.js';
import { incidentRoutes } from './modules/quality/incident-routes.js';
import { qualityDashboardRoutes } from './modules/quality/dashboard-routes.js';
import { fmeaRoutes } from './modules/quality/fmea-routes.js';
import { defineQualityJobs } from './modules/quality/jobs.js';
import { broadcastRoutes } from './modules/broadcast/routes.js';
import { defineBroadcastJobs } from './modules/broadcast/jobs.js';
import { assistantRoutes } from './modules/assistant/routes.js';
import { knowledgeRoutes } from './modules/assistant/knowledge-routes.js';
import { startAssistant } from './modules/assistant/conversation.js';
import { fhirRoutes } from './modules/fhir/routes.js';
import { outboundWebhookRoutes } from './modules/webhooks/routes.js';
import { defineWebhookJobs } from './modules/webhooks/jobs.js';
import { defineFeedbackJobs } from './modules/feedback/jobs.js';
import { feedbackRoutes } from './modules/feedback/routes.js';
import { surveyPublicRoutes } from './modules/feedback/public-routes.js';
import { recoveryRoutes } from './modules/feedback/recovery-routes.js';
import { defineAnalyticsJobs } from './modules/analytics/jobs.js';
import { analyticsRoutes } from './modules/analytics/routes.js';
import { defineCheckinJobs } from './modules/checkin/jobs.js';
import { checkinRoutes } from './modules/checkin/routes.js';
import { defineSchedulingJobs } from './modules/scheduling/jobs.js';
import { schedulingRoutes } from './modules/scheduling/routes.js';
import { installAuth } from './modules/identity/auth-hook.js';
import { defineIdentityJobs } from './modules/identity/jobs.js';
import { identityRoutes } from './modules/identity/routes.js';
import { definePatientJobs } from './modules/patients/jobs.js';
import { patientRoutes } from './modules/patients/routes.js';
import { subscribeTimeline } from './modules/patients/timeline.js';

export interface Careloop {
  app: FastifyInstance;
  platform: Platform;
  /** The port of the built-in SMTP listener (null: off, or a process without workers). */
  smtpPort: number | null;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Run job workers in this process (the server does; one-shot CLI commands don't). */
  workers?: boolean;
  logger?: boolean;
  /** Where log lines go (standard output when unset). */
  logStream?: { write(line: string): void };
}

/** Opens the database, migrates it, starts the shared machinery and builds the HTTP app. Every init has its close. */
export async function buildCareloop(config: Config, options: BuildOptions = {}): Promise<Careloop> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, ...(options.logStream && { stream: options.logStream }) },
    bodyLimit: config.bodyLimitBytes,
    // One line per request is written by installRequestLogging, without the URL (search terms are PHI).
    logController: new LogController({ disableRequestLogging: true }),
    // Only behind a known number of proxies is X-Forwarded-For the client: the sign-in rate limit counts by address.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    requestIdHeader: false,
    // Signed patient links travel in the path (/api/public/thread/<token>) and are longer than the default 100.
    routerOptions: { maxParamLength: 1024 },
  });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (error) => app.log.warn({ err: { message: error.message } }, 'idle database connection lost'),
  });
  const closers: (() => Promise<void>)[] = [() => database.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    await migrateToLatest(database.db);
    const events = await createEventBus({
      postgresUrl: database.url,
      notify: async (channel, payload) => { await sql`select pg_notify(${channel}, ${payload})`.execute(database.db); },
      logger: app.log,
    });
    closers.push(() => events.close());
    const jobs = await startJobs(database.db, { logger: app.log, work: options.workers ?? true });
    closers.push(() => jobs.close());
    const audit = createAuditTrail(database.db);
    closers.push(() => audit.close());
    closers.push(() => app.close());

    const platform: Platform = { config, db: database.db, dbKind: database.kind, events, jobs, audit, logger: app.log };
    subscribeTimeline(platform);
    subscribeDelivery(platform);
    await defineIdentityJobs(platform);
    await definePatientJobs(platform);
    await defineCareJobs(platform);
    await defineReferralJobs(platform);
    await defineChannelJobs(platform);
    await defineInboxJobs(platform);
    await defineSchedulingJobs(platform);
    await defineCheckinJobs(platform);
    await defineFeedbackJobs(platform);
    await defineAnalyticsJobs(platform);
    await defineQualityJobs(platform);
    await defineBroadcastJobs(platform);
    await defineWebhookJobs(platform);
    await startInboxAutomation(platform);
    startAssistant(platform);
    await registerHttp(app, platform);
    // Inbound mail is received where workers run (the server), never by one-shot CLI commands.
    const mail = config.smtpListen && (options.workers ?? true) ? await startMailListener(platform, config.smtpListen) : null;
    if (mail) closers.push(() => mail.close());
    return { app, platform, close, smtpPort: mail?.port ?? null };
  } catch (error) {
    await close();
    throw error;
  }
}

async function registerHttp(app: FastifyInstance, platform: Platform) {
  installValidation(app);
  installErrorHandling(app);
  installRequestLogging(app);
  installNulCheck(app);
  await app.register(cookie);
  // Twilio-compatible webhooks post forms.
  await app.register(formbody);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Careloop API', version: '0.1.0', description: 'Patient-service platform for clinics. Authenticate with `Authorization: Bearer <API token>` (create one under Admin → API tokens or with `npm run careloop -- token create`).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'careloop_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  installAuth(app, platform);
  installAuditHook(app, platform);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', database: platform.dbKind }));
  identityRoutes(app, platform);
  patientRoutes(app, platform);
  careRoutes(app, platform);
  referralRoutes(app, platform);
  taskRuleRoutes(app, platform);
  schedulingRoutes(app, platform);
  checkinRoutes(app, platform);
  feedbackRoutes(app, platform);
  surveyPublicRoutes(app, platform);
  recoveryRoutes(app, platform);
  analyticsRoutes(app, platform);
  incidentRoutes(app, platform);
  qualityDashboardRoutes(app, platform);
  fmeaRoutes(app, platform);
  broadcastRoutes(app, platform);
  channelRoutes(app, platform);
  webhookRoutes(app, platform);
  inboxRoutes(app, platform);
  inboxAutomationRoutes(app, platform);
  staffRealtime(app, platform);
  webchatRoutes(app, platform);
  portalRoutes(app, platform);
  auditRoutes(app, platform);
  knowledgeRoutes(app, platform);
  assistantRoutes(app, platform);
  outboundWebhookRoutes(app, platform);
  await fhirRoutes(app, platform);

  const webDist = join(projectRoot(), 'web', 'dist');
  const serveWeb = existsSync(join(webDist, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  // The web app routes in the browser: every other page URL gets its index.html.
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/fhir')) return reply.sendFile('index.html');
    return routeNotFound(reply, request.method, request.url);
  });
}
