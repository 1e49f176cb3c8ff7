// The segment as the compose form holds it (every field a string), and the API's segment made from it.
import type { Segment } from '../../types-broadcast.js';

export type SegmentType = Segment['type'];

export interface SegmentDraft {
  type: SegmentType;
  locationId: string;
  providerId: string;
  from: string;
  to: string;
  tag: string;
}

/** Today as a clinic day (YYYY-MM-DD in the browser's zone). */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export const emptySegment = (): SegmentDraft => ({ type: 'appointments', locationId: '', providerId: '', from: today(), to: today(), tag: '' });

/** What the API receives. Blank fields are sent as they are: the server says what is missing, in its words. */
export function segmentOf(draft: SegmentDraft): Segment {
  if (draft.type === 'everyone') return { type: 'everyone' };
  if (draft.type === 'tag') return { type: 'tag', tag: draft.tag.trim() };
  return { type: 'appointments', locationId: draft.locationId, from: draft.from, to: draft.to, ...(draft.providerId && { providerId: draft.providerId }) };
}

export function draftOf(segment: Segment): SegmentDraft {
  const base = emptySegment();
  if (segment.type === 'everyone') return { ...base, type: 'everyone' };
  if (segment.type === 'tag') return { ...base, type: 'tag', tag: segment.tag };
  return { ...base, type: 'appointments', locationId: segment.locationId, providerId: segment.providerId ?? '', from: segment.from, to: segment.to };
}
