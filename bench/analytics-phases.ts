import type { Marker } from './analytics-db.js';
import type { Log } from './analytics-seed.js';

export interface PhaseOptions { runs: number; visits: number; answers: number }

export async function runPhases(_url: string, _marker: Marker, _options: PhaseOptions, _log: Log) {
  return {};
}
