import { Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { smsLength } from './smsLength.js';

export interface MessageDraft {
  smsBody: string;
  emailSubject: string;
  emailBody: string;
}

export const emptyMessage = (): MessageDraft => ({ smsBody: '', emailSubject: '', emailBody: '' });

/** What the API receives: a channel left blank carries no message (null), and the server decides whether that is enough. */
export function messageOf(draft: MessageDraft) {
  const orNull = (text: string) => (text.trim() ? text : null);
  return { smsBody: orNull(draft.smsBody), emailSubject: orNull(draft.emailSubject), emailBody: orNull(draft.emailBody) };
}

/** The channels that have something to say (the preview counts only those). */
export function channelsOf(draft: MessageDraft): ('sms' | 'email')[] {
  const channels: ('sms' | 'email')[] = [];
  if (draft.smsBody.trim()) channels.push('sms');
  if (draft.emailSubject.trim() || draft.emailBody.trim()) channels.push('email');
  return channels;
}

const PLACEHOLDERS = '{{firstName}}, {{clinicName}}; for visits also {{appointmentDate}} and {{appointmentTime}}';

/** The length of a text as the carrier bills it, said once and updated politely for screen readers. */
export function SmsCounter({ text }: { text: string }) {
  const length = smsLength(text);
  const parts = length.segments === 1 ? '1 part' : `${length.segments} parts`;
  return (
    <Text fz="xs" c={length.segments > 3 ? 'orange.9' : 'gray.7'} aria-live="polite" data-testid="sms-length">
      {length.characters} characters · {parts} ({length.encoding}{length.segments > 0 ? `, ${length.remaining} left in this part` : ''})
      {length.unicode.length > 0 && ` · ${length.unicode.map((c) => `“${c}”`).join(' ')} made it UCS-2: 70 per part instead of 160`}
    </Text>
  );
}

/** The message per channel: a text (with its length in billed parts) and an e-mail. */
export function MessageFields({ value, onChange, fieldError }: { value: MessageDraft; onChange(next: MessageDraft): void; fieldError(field: string): string | undefined }) {
  const set = (key: keyof MessageDraft) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [key]: e.currentTarget.value });
  return (
    <Stack gap="md">
      <Text fz="sm" c="gray.7">Write a message for each channel you want to use; a patient gets one of them, on the channel their consent allows. Placeholders: {PLACEHOLDERS}.</Text>
      <Stack gap={4}>
        <Title order={3} fz="md">Text message</Title>
        <Textarea label="Text (SMS)" autosize minRows={3} maxRows={8} maxLength={1600} value={value.smsBody} onChange={set('smsBody')} error={fieldError('smsBody')}
          description="Leave empty to send no texts." />
        <SmsCounter text={value.smsBody} />
      </Stack>
      <Stack gap={4}>
        <Title order={3} fz="md">E-mail</Title>
        <Group grow align="flex-start">
          <TextInput label="E-mail subject" maxLength={200} value={value.emailSubject} onChange={set('emailSubject')} error={fieldError('emailSubject')} />
        </Group>
        <Textarea label="E-mail body" autosize minRows={4} maxRows={14} maxLength={20_000} value={value.emailBody} onChange={set('emailBody')} error={fieldError('emailBody')}
          description="Plain text. Leave subject and body empty to send no e-mails." />
      </Stack>
    </Stack>
  );
}
