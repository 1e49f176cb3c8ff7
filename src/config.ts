import { resolve } from 'node:path';

/** Typed configuration, read once from the environment and validated at start. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: string;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlHours: number;
  bodyLimitBytes: number;
  /** Trust X-Forwarded-For from this many proxies in front (0: use the socket's address). */
  trustProxyHops: number;
  /** The built-in SMTP listener for inbound mail (port 0: any free port; null: off). */
  smtpListen: { port: number; host: string } | null;
  /** The domain of the clinics' inbound addresses: riverside@<domain>, replies to riverside+<token>@<domain>. */
  mailDomain: string;
  /** Outbound mail relay (smtp:// or smtps:// URL); unset: mail goes to the test outbox, not sent. */
  smtpUrl: string | undefined;
  /** A Twilio-compatible SMS/voice provider; unset: texts go to the test outbox, webhooks are refused. */
  sms: { accountSid: string; authToken: string; apiUrl: string } | undefined;
  /** The key of the assistant's optional OpenAI-compatible model server (its URL is a clinic setting; the key only lives here). */
  assistantLlmApiKey: string | null;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DEV_SECRET = 'careloop-development-secret-do-not-use-in-production';

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)');
  }

  const secretKey = env.SECRET_KEY || (env.NODE_ENV === 'production' ? '' : DEV_SECRET);
  if (secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY', 'must be at least 32 characters (required when NODE_ENV=production)');
  }

  const publicUrl = env.PUBLIC_URL || `http://localhost:${port}`;
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError('PUBLIC_URL', `must be an http(s) URL such as https://care.example.org, got "${publicUrl}"`);
  }

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const smtpPortRaw = env.SMTP_LISTEN_PORT;
  const smtpListen = smtpPortRaw === 'off'
    ? null
    : { port: integer(env, 'SMTP_LISTEN_PORT', 2525, 0, 65535), host: env.SMTP_LISTEN_HOST || '127.0.0.1' };

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587');
  }

  const mailDomain = env.MAIL_DOMAIN || 'careloop.localhost';
  if (!/^[a-z0-9.-]+$/i.test(mailDomain)) throw new ConfigError('MAIL_DOMAIN', `must be a domain name such as mail.example.org, got "${mailDomain}"`);

  const sms = smsProvider(env);

  return {
    port,
    host,
    databaseUrl,
    dataDir: env.DATA_DIR?.startsWith('memory://') ? env.DATA_DIR : resolve(env.DATA_DIR || 'data'),
    secretKey,
    publicUrl: publicUrl.replace(/\/$/, ''),
    logLevel,
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    smtpListen,
    mailDomain: mailDomain.toLowerCase(),
    smtpUrl,
    sms,
    assistantLlmApiKey: env.ASSISTANT_LLM_API_KEY?.trim() || null,
  };
}

function smsProvider(env: NodeJS.ProcessEnv): Config['sms'] {
  const accountSid = env.SMS_ACCOUNT_SID;
  const authToken = env.SMS_AUTH_TOKEN;
  if (!accountSid && !authToken) return undefined;
  if (!accountSid) throw new ConfigError('SMS_ACCOUNT_SID', 'must be set with SMS_AUTH_TOKEN (the provider account id, e.g. AC...)');
  if (!authToken) throw new ConfigError('SMS_AUTH_TOKEN', 'must be set with SMS_ACCOUNT_SID (the provider auth token that signs webhooks)');
  const apiUrl = (env.SMS_API_URL || 'https://api.twilio.com').replace(/\/$/, '');
  if (!/^https?:\/\//.test(apiUrl)) throw new ConfigError('SMS_API_URL', `must be an http(s) URL, got "${apiUrl}"`);
  return { accountSid, authToken, apiUrl };
}
