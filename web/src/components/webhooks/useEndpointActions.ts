import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.js';
import type { EndpointWithSecret, WebhookDelivery, WebhookEndpoint } from '../../types-webhooks.js';
import { WEBHOOKS } from './labels.js';

/** Pause or resume, rotate the secret, send a test event, delete: what the list and the detail page both offer. */
export function useEndpointActions() {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<{ name: string; secret: string; rotated: boolean } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: [WEBHOOKS] });
  const toggle = useMutation({
    mutationFn: (endpoint: WebhookEndpoint) => api.patch<WebhookEndpoint>(`/api/webhooks/${endpoint.id}`, { active: endpoint.status !== 'active' }),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (endpoint: WebhookEndpoint) => api.post<EndpointWithSecret>(`/api/webhooks/${endpoint.id}/rotate-secret`),
    onSuccess: async (rotated) => { setSecret({ name: rotated.name, secret: rotated.secret, rotated: true }); await refresh(); },
  });
  const test = useMutation({ mutationFn: (endpoint: WebhookEndpoint) => api.post<WebhookDelivery>(`/api/webhooks/${endpoint.id}/test`), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (endpoint: WebhookEndpoint) => api.delete(`/api/webhooks/${endpoint.id}`), onSuccess: refresh });
  return { toggle, rotate, test, remove, secret, setSecret, error: toggle.error ?? rotate.error ?? test.error ?? remove.error };
}
