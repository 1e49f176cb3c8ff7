import { useMutation } from '@tanstack/react-query';
import { api } from '../../api.js';
import type { ConversationDetail } from '../../types.js';
import { useNotify } from './notify.js';
import { useConversationRefresh } from './queries.js';

/** Links the unknown sender's conversations to a patient (and saves the address on the record unless told not to). */
export function useLinkSender(detail: ConversationDetail, onDone: () => void) {
  const notify = useNotify();
  const refresh = useConversationRefresh();
  return useMutation({
    mutationFn: ({ patientId, saveAddress }: { patientId: string; saveAddress: boolean }) =>
      api.post<ConversationDetail>(`/api/inbox/conversations/${detail.id}/link`, { patientId, saveAddress }),
    onSuccess: async (linked) => {
      notify.success('Sender linked', `${detail.contactAddress ?? 'The sender'} is now ${linked.patient?.name ?? 'linked to the patient'}.`);
      await refresh(linked);
      onDone();
    },
    onError: (error) => notify.failure(error, 'The sender was not linked'),
  });
}
