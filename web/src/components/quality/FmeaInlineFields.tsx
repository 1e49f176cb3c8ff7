import { useEffect, useRef, useState } from 'react';
import { NativeSelect, Text, Textarea } from '@mantine/core';
import { ApiError } from '../../api.js';

/** The server's word on one field of an edit, or its whole message when it names no field. */
function problemOf(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.fields.length > 0) return error.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}

interface TextProps {
  label: string;
  value: string;
  canEdit: boolean;
  /** Saves the new text; the promise rejects with the server's error. */
  onSave(value: string): Promise<unknown>;
  placeholder?: string;
  required?: boolean;
  minWidth?: number;
}

/**
 * Text edited where it stands: saved when the field loses focus (Escape puts the saved text back).
 * People without the right to change it read plain text.
 */
export function FmeaInlineText({ label, value, canEdit, onSave, placeholder, required, minWidth = 120 }: TextProps) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const focused = useRef(false);
  useEffect(() => { if (!focused.current) setDraft(value); }, [value]);

  if (!canEdit) return <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{value || '—'}</Text>;
  const save = async () => {
    focused.current = false;
    if (draft.trim() === value.trim()) return;
    setSaving(true);
    try {
      await onSave(draft);
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  const problem = problemOf(error);
  return (
    <Textarea aria-label={label} value={draft} autosize minRows={1} maxRows={6} size="xs" miw={minWidth} placeholder={placeholder}
      required={required} error={problem} data-saving={saving || undefined}
      onFocus={() => { focused.current = true; }}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={() => { void save(); }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') { setDraft(value); setError(null); }
      }} />
  );
}

const SCORES = Array.from({ length: 10 }, (_, i) => String(i + 1));

interface ScoreProps {
  label: string;
  value: number | null;
  canEdit: boolean;
  hint: string;
  /** Offer "—" (no score), for the scores after the action. */
  nullable?: boolean;
  onSave?(value: number | null): Promise<unknown>;
  onChange?(value: number | null): void;
}

/** A severity, occurrence or detection score, 1 to 10: saved as soon as it changes (or handed to a form). */
export function FmeaScoreSelect({ label, value, canEdit, hint, nullable, onSave, onChange }: ScoreProps) {
  const [error, setError] = useState<unknown>(null);
  if (!canEdit) return <Text fz="sm" fw={600} ta="center" title={hint}>{value ?? '—'}</Text>;
  const change = async (text: string) => {
    const next = text === '' ? null : Number(text);
    onChange?.(next);
    if (!onSave) return;
    try {
      await onSave(next);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <NativeSelect aria-label={label} title={hint} size="xs" w={64} value={value === null ? '' : String(value)} error={problemOf(error)}
      data={nullable ? [{ value: '', label: '—' }, ...SCORES] : SCORES} onChange={(event) => { void change(event.currentTarget.value); }} />
  );
}
