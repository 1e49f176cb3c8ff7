import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** FHIR create/update (Patient, Appointment, QuestionnaireResponse, Communication) and Bundle import, inside the /fhir scope. */
export function fhirWriteRoutes(_fhir: FastifyInstance, _platform: Platform) {}
