// The FMEA screens' server state: one worksheet query that every edit replaces with the server's answer
// (the server ranks and computes every RPN), and the list of people an action can be given to.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.js';
import type { FailureModeChanges, FmeaWorksheet } from '../../types-fmea.js';

export const worksheetKey = (id: string) => ['quality', 'fmea', id] as const;

export const useWorksheet = (id: string) => useQuery({
  queryKey: worksheetKey(id), queryFn: () => api.get<FmeaWorksheet>(`/api/quality/fmea/${id}`),
});

export const useActionOwners = (enabled: boolean) => useQuery({
  queryKey: ['quality', 'fmea', 'action-owners'],
  queryFn: () => api.get<{ items: { id: string; displayName: string }[] }>('/api/quality/fmea/action-owners'),
  staleTime: 60_000, enabled,
});

type Edit =
  | { kind: 'worksheet'; body: Record<string, unknown> }
  | { kind: 'add-step'; body: { name: string; description?: string; position?: number } }
  | { kind: 'step'; stepId: string; body: { name?: string; description?: string; position?: number } }
  | { kind: 'remove-step'; stepId: string }
  | { kind: 'add-failure-mode'; body: FailureModeChanges & { stepId: string; failureMode: string; severity: number; occurrence: number; detection: number } }
  | { kind: 'failure-mode'; failureModeId: string; body: FailureModeChanges }
  | { kind: 'remove-failure-mode'; failureModeId: string };

function send(worksheetId: string, edit: Edit): Promise<FmeaWorksheet> {
  const base = `/api/quality/fmea/${worksheetId}`;
  switch (edit.kind) {
    case 'worksheet': return api.patch(base, edit.body);
    case 'add-step': return api.post(`${base}/steps`, edit.body);
    case 'step': return api.patch(`${base}/steps/${edit.stepId}`, edit.body);
    case 'remove-step': return api.delete(`${base}/steps/${edit.stepId}`);
    case 'add-failure-mode': return api.post(`${base}/failure-modes`, edit.body);
    case 'failure-mode': return api.patch(`${base}/failure-modes/${edit.failureModeId}`, edit.body);
    case 'remove-failure-mode': return api.delete(`${base}/failure-modes/${edit.failureModeId}`);
  }
}

/** One edit of the worksheet; the server's answer (re-ranked) replaces the worksheet on screen. */
export function useWorksheetEdit(worksheetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (edit: Edit) => send(worksheetId, edit),
    onSuccess: (worksheet) => {
      client.setQueryData(worksheetKey(worksheetId), worksheet);
      void client.invalidateQueries({ queryKey: ['quality', 'fmea', 'list'] });
    },
  });
}
