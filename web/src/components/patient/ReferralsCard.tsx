export function ReferralsCard({ patientId: _patientId }: { patientId: string }) {
  return null;
}
