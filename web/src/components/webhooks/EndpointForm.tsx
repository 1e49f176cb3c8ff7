import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Fieldset, Group, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { api } from '../../api.js';
import type { EndpointWithSecret, EventTypeGroup, WebhookEndpoint } from '../../types-webhooks.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { WEBHOOKS } from './labels.js';

interface Props {
  /** Absent: a new endpoint. */
  endpoint?: WebhookEndpoint;
  onSaved(saved: WebhookEndpoint | EndpointWithSecret): void;
  onCancel(): void;
}

/** Name, URL and the events an endpoint receives (grouped checkboxes, or all of them). */
export function EndpointForm({ endpoint, onSaved, onCancel }: Props) {
  const catalogue = useQuery({ queryKey: [WEBHOOKS, 'event-types'], queryFn: () => api.get<{ groups: EventTypeGroup[] }>('/api/webhooks/event-types'), staleTime: Infinity });
  const [name, setName] = useState(endpoint?.name ?? '');
  const [url, setUrl] = useState(endpoint?.url ?? 'https://');
  const [all, setAll] = useState(endpoint?.eventTypes.includes('*') ?? false);
  const [events, setEvents] = useState<string[]>(endpoint?.eventTypes.filter((e) => e !== '*') ?? []);
  const [includeMessageText, setIncludeMessageText] = useState(endpoint?.includeMessageText ?? false);
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), url: url.trim(), eventTypes: all ? ['*'] : events, includeMessageText };
      return endpoint ? api.patch<WebhookEndpoint>(`/api/webhooks/${endpoint.id}`, body) : api.post<EndpointWithSecret>('/api/webhooks', body);
    },
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent) => { event.preventDefault(); save.mutate(); };
  const eventsError = fieldError(save.error, 'eventTypes');

  return (
    <form onSubmit={submit} aria-label={endpoint ? `Edit ${endpoint.name}` : 'New webhook endpoint'}>
      <Stack gap="md">
        <Group align="flex-start" gap="sm" grow>
          <TextInput label="Name" description="What receives the events" placeholder="e.g. EHR integration" required value={name}
            onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} maw={320} />
          <TextInput label="URL" description="Where Careloop POSTs the events (https:// recommended)" required value={url}
            onChange={(e) => setUrl(e.currentTarget.value)} error={fieldError(save.error, 'url')} />
        </Group>
        <Fieldset legend="Events" variant="unstyled">
          <Checkbox label="All events, including ones added later" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} mb="sm" />
          {!all && catalogue.data && (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
              {catalogue.data.groups.map((group) => (
                <Checkbox.Group key={group.group} label={group.group} value={events} onChange={setEvents}>
                  <Stack gap={6} mt={6}>
                    {group.events.map((e) => (
                      <Checkbox key={e.type} value={e.type} label={<><Text span fz="sm">{e.label}</Text> <Text span fz="xs" c="gray.7" ff="monospace">{e.type}</Text></>} />
                    ))}
                  </Stack>
                </Checkbox.Group>
              ))}
            </SimpleGrid>
          )}
          {eventsError && <Text c="red.9" fz="sm" mt="xs" role="alert">Events: {eventsError}</Text>}
        </Fieldset>
        <Switch label="Include message text" description="Off: events carry ids, statuses and times only. On: message events also carry the text (patient data: the receiver must be allowed to hold it)."
          checked={includeMessageText} onChange={(e) => setIncludeMessageText(e.currentTarget.checked)} />
        {save.error && !fieldError(save.error, 'name') && !fieldError(save.error, 'url') && !eventsError && <ErrorAlert error={save.error} title="The endpoint was not saved" />}
        <Group gap="sm">
          <Button type="submit" loading={save.isPending} disabled={!name.trim() || (!all && events.length === 0)}>{endpoint ? 'Save' : 'Create endpoint'}</Button>
          <Button variant="default" onClick={onCancel}>Cancel</Button>
        </Group>
      </Stack>
    </form>
  );
}
