import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** The FHIR R4 API under /fhir. */
export async function fhirRoutes(_app: FastifyInstance, _platform: Platform) {}
