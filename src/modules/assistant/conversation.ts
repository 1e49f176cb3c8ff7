import type { Platform } from '../../platform/platform.js';

/** Starts the assistant: it answers patients' chat and SMS messages before a person picks up. */
export function startAssistant(_platform: Platform) {}
