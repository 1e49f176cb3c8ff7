import { Stack } from '@mantine/core';
import { useSignedIn } from '../../session.js';
import { ReferralsCard } from './ReferralsCard.js';
import { PatientTasks } from './PatientTasks.js';

/** The patient's care in progress: referrals and follow-up tasks. */
export function CareTab({ patientId }: { patientId: string }) {
  const { can } = useSignedIn();
  return (
    <Stack gap="lg">
      {can('referrals:read') && <ReferralsCard patientId={patientId} />}
      {can('tasks:read') && <PatientTasks patientId={patientId} />}
    </Stack>
  );
}
