export function PatientTasks({ patientId: _patientId }: { patientId: string }) {
  return null;
}
