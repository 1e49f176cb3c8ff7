import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Group, NativeSelect, Paper, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { fullName } from '../../format.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useDepartmentList } from '../../components/feedback/queries.js';
import { KIND_LABELS, URGENCIES } from '../../components/referrals/labels.js';
import { PatientPicker, type PickedPatient } from '../../components/schedule/PatientPicker.js';
import type { Patient } from '../../types.js';
import type { ReferralDetail, ReferralKind, ReferralUrgency } from '../../types-referrals.js';

const DESTINATION_HINTS: Record<ReferralKind, string> = {
  specialty: 'The specialty or clinic inside your organization, e.g. Cardiology',
  external: 'The outside provider, e.g. Dr. Lee, St. Mary’s Hospital',
  test: 'The test or imaging, e.g. Echocardiogram',
};

/** Sending a referral: who, to whom (specialty, outside provider or test), how urgent and why. */
export function NewReferral() {
  usePageTitle('New referral');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const fromPatient = params.get('patientId');
  const known = useQuery({ queryKey: ['patient', fromPatient], queryFn: () => api.get<Patient>(`/api/patients/${fromPatient}`), enabled: Boolean(fromPatient) });
  const [picked, setPicked] = useState<PickedPatient | null>(null);
  const patient = picked ?? (known.data ? { value: known.data.id, label: `${fullName(known.data)} · ${known.data.mrn}` } : null);
  const [kind, setKind] = useState<ReferralKind>('specialty');
  const [urgency, setUrgency] = useState<ReferralUrgency>('routine');
  const [destination, setDestination] = useState('');
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const departments = useDepartmentList();
  const send = useMutation({
    mutationFn: () => api.post<ReferralDetail>('/api/referrals', {
      patientId: patient?.value, kind, urgency, destination, reason,
      ...(notes.trim() && { notes: notes.trim() }), ...(departmentId && { departmentId }),
    }),
    onSuccess: async (referral) => {
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      navigate(`/referrals/${referral.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate();
  }
  const known409 = send.error && (send.error as { code?: string }).code === 'patient_merged';

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>New referral</Title>
        <Anchor component={Link} to="/referrals" c="blue.9" underline="always">Back to referrals</Anchor>
      </Group>
      <Paper withBorder p="md" maw={760}>
        <form onSubmit={submit} aria-label="New referral">
          <Stack gap="md">
            <PatientPicker value={patient} onChange={setPicked} error={fieldError(send.error, 'patientId')} autoFocus={!fromPatient} />
            <Radio.Group label="Kind" value={kind} onChange={(v) => setKind(v as ReferralKind)} required>
              <Group mt={4}>{Object.entries(KIND_LABELS).map(([value, label]) => <Radio key={value} value={value} label={label} />)}</Group>
            </Radio.Group>
            <TextInput label="Referred to" description={DESTINATION_HINTS[kind]} required maxLength={200} value={destination}
              onChange={(e) => setDestination(e.currentTarget.value)} error={fieldError(send.error, 'destination')} />
            <Radio.Group label="Urgency" description="Sets the due date: the referral is overdue when its result is not back by then." value={urgency} onChange={(v) => setUrgency(v as ReferralUrgency)} required>
              <Group mt={4}>{URGENCIES.map((u) => <Radio key={u.value} value={u.value} label={`${u.label} (${u.hint})`} />)}</Group>
            </Radio.Group>
            <Textarea label="Reason" description="What the receiving clinician needs to know" required autosize minRows={3} maxLength={2000} value={reason}
              onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(send.error, 'reason')} />
            <Textarea label="Notes" autosize minRows={2} maxLength={4000} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
            <NativeSelect label="Referring department" value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)}
              data={[{ value: '', label: 'None' }, ...(departments.data ?? []).filter((d) => !d.archived).map((d) => ({ value: d.id, label: d.name }))]} />
            {send.error !== null && !fieldError(send.error, 'destination') && !fieldError(send.error, 'reason') && !fieldError(send.error, 'patientId') && (
              <ErrorAlert error={send.error} title={known409 ? 'This record was merged into another' : 'The referral was not sent'} />
            )}
            <Group>
              <Button type="submit" loading={send.isPending}>Send referral</Button>
              <Text fz="sm" c="dimmed">It appears on the patient’s timeline and in the referral worklist.</Text>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
