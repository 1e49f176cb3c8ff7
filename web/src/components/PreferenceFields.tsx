import { Group, NativeSelect, TagsInput } from '@mantine/core';
import type { Channel } from '../types.js';
import { CHANNEL_LABELS, LANGUAGE_LABELS } from '../format.js';
import { fieldError } from './ErrorAlert.js';

export interface Preferences {
  language: string;
  preferredChannel: Channel;
  tags: string[];
}

const CHANNELS: Channel[] = ['sms', 'email', 'phone', 'none'];
const isChannel = (value: string): value is Channel => CHANNELS.includes(value as Channel);

export function PreferenceFields({ value, onChange, error }: { value: Preferences; onChange(next: Preferences): void; error: unknown }) {
  const languages = Object.entries(LANGUAGE_LABELS).map(([code, label]) => ({ value: code, label }));
  if (!LANGUAGE_LABELS[value.language]) languages.push({ value: value.language, label: value.language });
  return (
    <Group align="flex-start" gap="sm" wrap="wrap">
      <NativeSelect
        label="Language"
        description="Messages are sent in this language"
        value={value.language}
        onChange={(event) => onChange({ ...value, language: event.currentTarget.value })}
        data={languages}
        error={fieldError(error, 'language')}
        w={240}
      />
      <NativeSelect
        label="Preferred channel"
        description="How the clinic reaches the patient"
        value={value.preferredChannel}
        onChange={(event) => { const next = event.currentTarget.value; if (isChannel(next)) onChange({ ...value, preferredChannel: next }); }}
        data={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] ?? c }))}
        error={fieldError(error, 'preferredChannel')}
        w={240}
      />
      <TagsInput
        label="Tags"
        description="Press Enter after each tag"
        placeholder="e.g. diabetes, vip"
        value={value.tags}
        onChange={(tags) => onChange({ ...value, tags })}
        error={fieldError(error, 'tags')}
        maxTags={20}
        style={{ flex: 1, minWidth: 240 }}
        clearable
      />
    </Group>
  );
}
