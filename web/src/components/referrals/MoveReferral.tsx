import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import type { ReferralDetail, ReferralMove, ReferralStatus } from '../../types-referrals.js';

type Step = ReferralMove['status'];
const STEPS: Record<Step, { label: string; from: ReferralStatus[] }> = {
  scheduled: { label: 'Scheduled elsewhere (enter the visit’s time)', from: ['sent'] },
  completed: { label: 'Completed: the patient was seen or tested', from: ['scheduled'] },
  result_received: { label: 'Result received: close the loop', from: ['scheduled', 'completed'] },
  declined: { label: 'Declined by the receiver', from: ['sent', 'scheduled'] },
  cancelled: { label: 'Cancel the referral', from: ['sent', 'scheduled'] },
};

/** The next steps a referral may take from where it is, with what each one needs. */
export function MoveReferral({ referral }: { referral: ReferralDetail }) {
  const queryClient = useQueryClient();
  const steps = (Object.keys(STEPS) as Step[]).filter((step) => STEPS[step].from.includes(referral.status));
  const [step, setStep] = useState<Step | ''>('');
  const [appointmentAt, setAppointmentAt] = useState('');
  const [resultSummary, setResultSummary] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const move = useMutation({
    mutationFn: (chosen: Step) => api.patch<ReferralDetail>(`/api/referrals/${referral.id}`, {
      status: chosen,
      ...(chosen === 'scheduled' && { appointmentAt: appointmentAt ? new Date(appointmentAt).toISOString() : undefined }),
      ...(chosen === 'result_received' && { resultSummary }),
      ...((chosen === 'declined' || chosen === 'cancelled') && { reason }),
      ...(note.trim() && { note: note.trim() }),
    }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['referrals', 'one', referral.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      setStep(''); setAppointmentAt(''); setResultSummary(''); setReason(''); setNote('');
    },
  });
  if (steps.length === 0) return null;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (step) move.mutate(step);
  }
  return (
    <form onSubmit={submit} aria-labelledby="move-referral-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="move-referral-heading">Record the next step</Title>
        <NativeSelect label="Next step" value={step} onChange={(e) => { setStep(e.currentTarget.value as Step | ''); move.reset(); }}
          data={[{ value: '', label: 'Choose…' }, ...steps.map((s) => ({ value: s, label: STEPS[s].label }))]} />
        {step === 'scheduled' && (
          <TextInput type="datetime-local" label="Visit time" description="Your computer's time zone" required value={appointmentAt}
            onChange={(e) => setAppointmentAt(e.currentTarget.value)} error={fieldError(move.error, 'appointmentAt')} />
        )}
        {step === 'result_received' && (
          <Textarea label="Result" description="What came back, in a few lines" required autosize minRows={3} maxLength={4000} value={resultSummary}
            onChange={(e) => setResultSummary(e.currentTarget.value)} error={fieldError(move.error, 'resultSummary')} />
        )}
        {(step === 'declined' || step === 'cancelled') && (
          <TextInput label="Reason" required maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(move.error, 'reason')}
            description={step === 'cancelled' && referral.appointment ? 'The visit booked for it is cancelled too.' : undefined} />
        )}
        {step && <TextInput label="Note (optional)" maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />}
        <ErrorAlert error={move.error && !fieldError(move.error, 'reason') && !fieldError(move.error, 'resultSummary') && !fieldError(move.error, 'appointmentAt') ? move.error : null} title="The referral was not changed" />
        {step && <Button type="submit" loading={move.isPending} w="fit-content">Save</Button>}
        {!step && <Text fz="sm" c="dimmed">Each step is kept in the history below and on the patient’s timeline.</Text>}
      </Stack>
    </form>
  );
}
