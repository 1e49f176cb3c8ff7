import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Center, Loader } from '@mantine/core';
import { Shell } from './components/Shell.js';
import { NoAccess } from './components/NoAccess.js';
import { useSession } from './session.js';
import type { Permission } from './types.js';
import { SignIn } from './pages/SignIn.js';
import { PageNotFound } from './pages/PageNotFound.js';
import { PatientList } from './pages/PatientList.js';
import { NewPatient } from './pages/NewPatient.js';
import { PatientDetail } from './pages/PatientDetail.js';
import { ImportPatients } from './pages/ImportPatients.js';
import { AdminOverview } from './pages/admin/AdminOverview.js';
import { Departments } from './pages/admin/Departments.js';
import { StaffPage } from './pages/admin/StaffPage.js';
import { Roles } from './pages/admin/Roles.js';
import { Tokens } from './pages/admin/Tokens.js';
import { TasksPage } from './pages/Tasks.js';
import { ThreadPage } from './pages/patient/ThreadPage.js';
import { TestOutbox } from './pages/TestOutbox.js';
import { Channels } from './pages/admin/Channels.js';
import { SlaPolicies } from './pages/admin/SlaPolicies.js';
import { BusinessHours } from './pages/admin/BusinessHours.js';
import { Rules } from './pages/admin/Rules.js';
import { CannedReplies } from './pages/admin/CannedReplies.js';
import { Inbox } from './pages/Inbox.js';
import { LiveScreen } from './components/LiveScreen.js';
import { Calendar } from './pages/schedule/Calendar.js';
import { Waitlist } from './pages/schedule/Waitlist.js';
import { QueueBoard } from './pages/schedule/QueueBoard.js';
import { SchedulingSetup } from './pages/admin/SchedulingSetup.js';
import { Questionnaires } from './pages/admin/Questionnaires.js';
import { BookingPage } from './pages/patient/BookingPage.js';
import { AppointmentPage } from './pages/patient/AppointmentPage.js';
import { WaitlistOfferPage } from './pages/patient/WaitlistOfferPage.js';
import { SurveyPage } from './pages/patient/SurveyPage.js';
import { Surveys } from './pages/feedback/Surveys.js';
import { Responses } from './pages/feedback/Responses.js';
import { RecoveryCases } from './pages/feedback/RecoveryCases.js';
import { Reports } from './pages/reports/Reports.js';
import { Referrals } from './pages/care/Referrals.js';
import { NewReferral } from './pages/care/NewReferral.js';
import { ReferralDetail } from './pages/care/ReferralDetail.js';
import { TaskRules } from './pages/admin/TaskRules.js';
import { QualityDashboard } from './pages/quality/QualityDashboard.js';
import { Incidents } from './pages/quality/Incidents.js';
import { ReportIncident } from './pages/quality/ReportIncident.js';
import { IncidentDetail } from './pages/quality/IncidentDetail.js';
import { CapaActions } from './pages/quality/CapaActions.js';
import { FmeaList } from './pages/quality/FmeaList.js';
import { FmeaWorksheet } from './pages/quality/FmeaWorksheet.js';
import { Broadcasts } from './pages/broadcast/Broadcasts.js';
import { KnowledgeBase } from './pages/admin/KnowledgeBase.js';
import { AssistantSettings } from './pages/admin/AssistantSettings.js';
import { Webhooks } from './pages/admin/Webhooks.js';
import { WebhookDetail } from './pages/admin/WebhookDetail.js';
import { NewBroadcast } from './pages/broadcast/NewBroadcast.js';
import { BroadcastDetail } from './pages/broadcast/BroadcastDetail.js';

function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) {
    return <Center h="100vh"><Loader aria-label="Loading Careloop" /></Center>;
  }
  if (session === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Allowed({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <NoAccess permission={permission} />;
}

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignIn />} />
      {/* Patient pages: no account, no staff shell. */}
      <Route path="/p/thread/:token" element={<ThreadPage />} />
      <Route path="/book/:slug" element={<BookingPage />} />
      <Route path="/a/:token" element={<AppointmentPage />} />
      <Route path="/w/:token" element={<WaitlistOfferPage />} />
      <Route path="/s/:token" element={<SurveyPage />} />
      <Route element={<RequireSession><Shell /></RequireSession>}>
        <Route index element={<Navigate to="/patients" replace />} />
        <Route path="inbox/:id?" element={<Allowed permission="inbox:read"><Inbox /></Allowed>} />
        <Route path="patients" element={<Allowed permission="patients:read"><PatientList /></Allowed>} />
        <Route path="patients/new" element={<Allowed permission="patients:write"><NewPatient /></Allowed>} />
        <Route path="patients/import" element={<Allowed permission="patients:import"><ImportPatients /></Allowed>} />
        <Route path="patients/:id" element={<Allowed permission="patients:read"><PatientDetail /></Allowed>} />
        <Route path="schedule" element={<Allowed permission="schedule:read"><LiveScreen><Calendar /></LiveScreen></Allowed>} />
        <Route path="schedule/queue" element={<Allowed permission="schedule:read"><LiveScreen><QueueBoard /></LiveScreen></Allowed>} />
        <Route path="schedule/waitlist" element={<Allowed permission="schedule:read"><LiveScreen><Waitlist /></LiveScreen></Allowed>} />
        <Route path="admin/scheduling" element={<Allowed permission="schedule:manage"><SchedulingSetup /></Allowed>} />
        <Route path="admin/questionnaires" element={<Allowed permission="schedule:manage"><Questionnaires /></Allowed>} />
        <Route path="feedback" element={<Navigate to="/feedback/recovery" replace />} />
        <Route path="feedback/recovery/:id?" element={<Allowed permission="feedback:read"><RecoveryCases /></Allowed>} />
        <Route path="feedback/responses" element={<Allowed permission="feedback:read"><Responses /></Allowed>} />
        <Route path="feedback/surveys" element={<Allowed permission="feedback:manage"><Surveys /></Allowed>} />
        <Route path="reports" element={<Allowed permission="reports:read"><Reports /></Allowed>} />
        <Route path="tasks" element={<Allowed permission="tasks:read"><TasksPage /></Allowed>} />
        <Route path="referrals" element={<Allowed permission="referrals:read"><Referrals /></Allowed>} />
        <Route path="referrals/new" element={<Allowed permission="referrals:write"><NewReferral /></Allowed>} />
        <Route path="referrals/:id" element={<Allowed permission="referrals:read"><ReferralDetail /></Allowed>} />
        <Route path="admin/task-rules" element={<Allowed permission="tasks:manage"><TaskRules /></Allowed>} />
        <Route path="quality" element={<Navigate to="/quality/dashboard" replace />} />
        <Route path="quality/dashboard" element={<Allowed permission="quality:read"><QualityDashboard /></Allowed>} />
        <Route path="quality/incidents" element={<Allowed permission="quality:report"><Incidents /></Allowed>} />
        <Route path="quality/incidents/new" element={<Allowed permission="quality:report"><ReportIncident /></Allowed>} />
        <Route path="quality/incidents/:id" element={<Allowed permission="quality:report"><IncidentDetail /></Allowed>} />
        <Route path="quality/actions" element={<Allowed permission="quality:read"><CapaActions /></Allowed>} />
        <Route path="quality/fmea" element={<Allowed permission="quality:read"><FmeaList /></Allowed>} />
        <Route path="quality/fmea/:id" element={<Allowed permission="quality:read"><FmeaWorksheet /></Allowed>} />
        <Route path="broadcasts" element={<Allowed permission="broadcast:read"><Broadcasts /></Allowed>} />
        <Route path="broadcasts/new" element={<Allowed permission="broadcast:send"><NewBroadcast /></Allowed>} />
        <Route path="broadcasts/:id" element={<Allowed permission="broadcast:read"><LiveScreen><BroadcastDetail /></LiveScreen></Allowed>} />
        <Route path="admin" element={<Allowed permission="staff:manage"><AdminOverview /></Allowed>} />
        <Route path="admin/departments" element={<Allowed permission="staff:manage"><Departments /></Allowed>} />
        <Route path="admin/staff" element={<Allowed permission="staff:manage"><StaffPage /></Allowed>} />
        <Route path="admin/roles" element={<Allowed permission="staff:manage"><Roles /></Allowed>} />
        <Route path="admin/tokens" element={<Allowed permission="tokens:manage"><Tokens /></Allowed>} />
        <Route path="outbox" element={<Allowed permission="inbox:read"><TestOutbox /></Allowed>} />
        <Route path="admin/channels" element={<Allowed permission="inbox:read"><Channels /></Allowed>} />
        <Route path="admin/sla-policies" element={<Allowed permission="inbox:read"><SlaPolicies /></Allowed>} />
        <Route path="admin/business-hours" element={<Allowed permission="inbox:read"><BusinessHours /></Allowed>} />
        <Route path="admin/rules" element={<Allowed permission="inbox:read"><Rules /></Allowed>} />
        <Route path="admin/canned-replies" element={<Allowed permission="inbox:read"><CannedReplies /></Allowed>} />
        <Route path="knowledge" element={<Allowed permission="inbox:read"><KnowledgeBase /></Allowed>} />
        <Route path="admin/assistant" element={<Allowed permission="assistant:manage"><AssistantSettings /></Allowed>} />
        <Route path="admin/webhooks" element={<Allowed permission="webhooks:manage"><Webhooks /></Allowed>} />
        <Route path="admin/webhooks/:id" element={<Allowed permission="webhooks:manage"><WebhookDetail /></Allowed>} />
        <Route path="*" element={<PageNotFound />} />
      </Route>
    </Routes>
  );
}
