import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topFailureModes } from '../src/modules/quality/fmea-service.js';
import { seedDemoFmea } from '../src/seed/demo-fmea.js';
import { systemActor } from '../src/platform/permissions.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

interface FailureMode {
  id: string; stepId: string; stepName: string; rank: number; failureMode: string; severity: number; occurrence: number; detection: number;
  rpn: number; priority: string; recommendedAction: string | null; actionOwnerId: string | null; actionOwnerName: string | null;
  actionDueOn: string | null; actionStatus: string | null; actionOverdue: boolean; actionTaken: string | null; actionCompletedAt: string | null;
  severityAfter: number | null; occurrenceAfter: number | null; detectionAfter: number | null; rpnAfter: number | null; priorityAfter: string | null;
}
interface Worksheet {
  id: string; title: string; status: string; team: string[];
  steps: { id: string; position: number; name: string; failureModeCount: number }[];
  failureModes: FailureMode[];
  summary: { failureModes: number; high: number; medium: number; low: number; highestRpn: number | null; totalRpn: number; totalRpnNow: number; openActions: number; overdueActions: number };
}
interface Problem { field: string; message: string }

let clinic: TestClinic;
let manager: Client;
let viewer: Client;
let otherClinic: Client;
let managerId: string;

beforeAll(async () => {
  clinic = await startClinic();
  const managerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager');
  manager = await sessionClient(clinic.careloop, managerEmail);
  managerId = (await manager.request('GET', '/api/auth/session')).json<{ user: { id: string } }>().user.id;
  viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
  const other = await addClinic(clinic.careloop, 'harbour');
  otherClinic = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId, 'admin'));
}, 120_000);

afterAll(async () => clinic?.close());

async function worksheet(title = 'Appointment reminders') {
  const created = await manager.request('POST', '/api/quality/fmea', {
    title, process: 'From booking to the reminder reaching the patient', scope: 'SMS and e-mail reminders', team: ['Front desk lead', ' ', 'Nurse manager'],
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<Worksheet>();
}

async function step(worksheetId: string, name: string, position?: number) {
  const added = await manager.request('POST', `/api/quality/fmea/${worksheetId}/steps`, { name, ...(position && { position }) });
  expect(added.statusCode, added.body).toBe(201);
  return added.json<Worksheet>();
}

const scores = { severity: 7, occurrence: 4, detection: 5 };

async function failureMode(worksheetId: string, stepId: string, fields: Record<string, unknown> = {}) {
  const added = await manager.request('POST', `/api/quality/fmea/${worksheetId}/failure-modes`, {
    stepId, failureMode: 'Reminder goes to an old phone number', effect: 'Patient misses the visit', cause: 'Number not checked at booking',
    currentControls: 'None', ...scores, ...fields,
  });
  expect(added.statusCode, added.body).toBe(201);
  return added.json<Worksheet>();
}

const fieldsOf = (body: unknown) => ((body as { error: { details?: { fields?: Problem[] } } }).error.details?.fields ?? []).map((p) => p.field);

describe('FMEA worksheets', () => {
  it('a quality manager builds a worksheet: steps in order, failure modes ranked by RPN, ties by severity', async () => {
    const sheet = await worksheet();
    expect(sheet.team, 'blank team entries are dropped').toEqual(['Front desk lead', 'Nurse manager']);
    await step(sheet.id, 'Book the visit');
    await step(sheet.id, 'Send the reminder');
    const withFirst = await step(sheet.id, 'Check the contact details', 1);
    expect(withFirst.steps.map((s) => [s.position, s.name])).toEqual([[1, 'Check the contact details'], [2, 'Book the visit'], [3, 'Send the reminder']]);
    const [check, , send] = withFirst.steps;

    await failureMode(sheet.id, check!.id, { failureMode: 'Wrong number kept', severity: 6, occurrence: 5, detection: 4 }); // 120
    await failureMode(sheet.id, send!.id, { failureMode: 'SMS provider down', severity: 4, occurrence: 5, detection: 6 }); // 120, lower severity
    const full = await failureMode(sheet.id, send!.id, { failureMode: 'Reminder in the wrong language', severity: 3, occurrence: 3, detection: 2 }); // 18
    const last = await failureMode(sheet.id, check!.id, { failureMode: 'Patient told the wrong clinic', severity: 9, occurrence: 1, detection: 2 }); // 18, severity 9

    expect(last.failureModes.map((f) => [f.rank, f.failureMode, f.rpn])).toEqual([
      [1, 'Wrong number kept', 120], [2, 'SMS provider down', 120], [3, 'Patient told the wrong clinic', 18], [4, 'Reminder in the wrong language', 18],
    ]);
    expect(last.failureModes.map((f) => f.priority)).toEqual(['medium', 'medium', 'high', 'low']);
    expect(last.summary).toMatchObject({ failureModes: 4, high: 1, medium: 2, low: 1, highestRpn: 120, totalRpn: 276 });
    expect(full.steps.find((s) => s.id === send!.id)?.failureModeCount).toBe(2);

    const moved = await manager.request('PATCH', `/api/quality/fmea/${sheet.id}/steps/${send!.id}`, { position: 1, name: 'Send the reminder text' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Worksheet>().steps.map((s) => s.name)).toEqual(['Send the reminder text', 'Check the contact details', 'Book the visit']);
    expect(moved.json<Worksheet>().failureModes.find((f) => f.failureMode === 'SMS provider down')?.stepName).toBe('Send the reminder text');

    const list = await viewer.request('GET', '/api/quality/fmea?q=reminders');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: { id: string; stepCount: number; failureModeCount: number; highestRpn: number }[] }>().items.find((i) => i.id === sheet.id))
      .toMatchObject({ stepCount: 3, failureModeCount: 4, highestRpn: 120 });
  });

  it('changing a score recomputes the RPN and the ranking on the server', async () => {
    const sheet = await worksheet('Referral hand-off');
    const [only] = (await step(sheet.id, 'Fax the referral')).steps;
    await failureMode(sheet.id, only!.id, { failureMode: 'Fax lost', severity: 8, occurrence: 3, detection: 7 }); // 168
    const two = await failureMode(sheet.id, only!.id, { failureMode: 'Wrong specialist', severity: 5, occurrence: 2, detection: 3 }); // 30
    const low = two.failureModes.find((f) => f.failureMode === 'Wrong specialist')!;
    const changed = await manager.request('PATCH', `/api/quality/fmea/${sheet.id}/failure-modes/${low.id}`, { occurrence: 8, detection: 6 });
    expect(changed.statusCode, changed.body).toBe(200);
    const ranked = changed.json<Worksheet>().failureModes;
    expect(ranked[0]).toMatchObject({ failureMode: 'Wrong specialist', rpn: 240, rank: 1, priority: 'high' });
    expect(ranked[1]).toMatchObject({ failureMode: 'Fax lost', rpn: 168, rank: 2 });
  });

  it('an action is planned, taken and scored again: the RPN after action is computed, and overdue actions say so', async () => {
    const sheet = await worksheet('Lab results call-back');
    const [only] = (await step(sheet.id, 'Call the patient')).steps;
    const created = await failureMode(sheet.id, only!.id, {
      failureMode: 'Abnormal result not called back', severity: 9, occurrence: 4, detection: 6,
      recommendedAction: 'Daily worklist of abnormal results', actionOwnerId: managerId, actionDueOn: '2020-01-31',
    });
    const fm = created.failureModes[0]!;
    expect(fm).toMatchObject({ rpn: 216, actionStatus: 'planned', actionOwnerName: 'quality_manager person', actionOverdue: true, rpnAfter: null });
    expect(created.summary).toMatchObject({ openActions: 1, overdueActions: 1 });

    const url = `/api/quality/fmea/${sheet.id}/failure-modes/${fm.id}`;
    // Completing the action without saying what was done.
    const unsaid = await manager.request('PATCH', url, { actionStatus: 'completed' });
    expect(unsaid.statusCode, unsaid.body).toBe(400);
    expect(fieldsOf(unsaid.json())).toEqual(['actionTaken']);
    // Scoring after the action before it is taken.
    const early = await manager.request('PATCH', url, { severityAfter: 9, occurrenceAfter: 2, detectionAfter: 2 });
    expect(early.statusCode, early.body).toBe(400);
    expect(fieldsOf(early.json())).toEqual(['actionTaken']);

    const done = await manager.request('PATCH', url, { actionTaken: 'Worklist live since March', actionStatus: 'completed' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Worksheet>().failureModes[0]).toMatchObject({ actionStatus: 'completed', actionOverdue: false });
    expect(done.json<Worksheet>().failureModes[0]!.actionCompletedAt).not.toBeNull();

    // Only one or two of the three scores after the action.
    const partial = await manager.request('PATCH', url, { severityAfter: 9, occurrenceAfter: 2 });
    expect(partial.statusCode, partial.body).toBe(400);
    expect(fieldsOf(partial.json())).toEqual(['detectionAfter']);

    const rescored = await manager.request('PATCH', url, { severityAfter: 9, occurrenceAfter: 2, detectionAfter: 2 });
    expect(rescored.statusCode, rescored.body).toBe(200);
    const after = rescored.json<Worksheet>();
    expect(after.failureModes[0]).toMatchObject({ rpn: 216, rpnAfter: 36, priorityAfter: 'high' });
    expect(after.summary).toMatchObject({ totalRpn: 216, totalRpnNow: 36, openActions: 0 });

    // The recommended action cannot be dropped once what was done is on record.
    const dropped = await manager.request('PATCH', url, { recommendedAction: null });
    expect(dropped.statusCode, dropped.body).toBe(400);
    expect(fieldsOf(dropped.json())).toEqual(['recommendedAction']);

    const top = await topFailureModes(clinic.careloop.platform, systemActor(clinic.organizationId), 50);
    expect(top.find((row) => row.failureModeId === fm.id)).toEqual({
      worksheetId: sheet.id, worksheetTitle: 'Lab results call-back', stepName: 'Call the patient', failureModeId: fm.id,
      failureMode: 'Abnormal result not called back', severity: 9, rpn: 216, rpnAfter: 36, actionStatus: 'completed',
    });
    const rpns = top.map((row) => row.rpn);
    expect(rpns, 'top failure modes come highest RPN first').toEqual([...rpns].sort((a, b) => b - a));
  });

  it('a status without an action, or an owner from outside the clinic, is refused', async () => {
    const sheet = await worksheet('Check-in');
    const [only] = (await step(sheet.id, 'Arrival')).steps;
    const base = { stepId: only!.id, failureMode: 'Queue board wrong', ...scores };
    const noAction = await manager.request('POST', `/api/quality/fmea/${sheet.id}/failure-modes`, { ...base, actionStatus: 'in_progress' });
    expect(noAction.statusCode, noAction.body).toBe(400);
    expect(fieldsOf(noAction.json())).toEqual(['actionStatus']);
    const stranger = await manager.request('POST', `/api/quality/fmea/${sheet.id}/failure-modes`, { ...base, recommendedAction: 'Fix it', actionOwnerId: randomUUID() });
    expect(stranger.statusCode, stranger.body).toBe(400);
    expect(fieldsOf(stranger.json())).toEqual(['actionOwnerId']);
    expect((await manager.request('GET', `/api/quality/fmea/${sheet.id}`)).json<Worksheet>().failureModes, 'nothing half-written').toEqual([]);
  });
});

describe('bad scores get a 400 that names the field, and nothing is written', () => {
  let sheetId: string;
  let stepId: string;
  let existingId: string;

  beforeAll(async () => {
    const sheet = await worksheet('Bad input');
    stepId = (await step(sheet.id, 'Only step')).steps[0]!.id;
    existingId = (await failureMode(sheet.id, stepId)).failureModes[0]!.id;
    sheetId = sheet.id;
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ['severity 0', { severity: 0 }, 'severity'],
    ['occurrence 11', { occurrence: 11 }, 'occurrence'],
    ['detection 5.5', { detection: 5.5 }, 'detection'],
    ['severity as the string "5"', { severity: '5' }, 'severity'],
    ['occurrence as a word', { occurrence: 'high' }, 'occurrence'],
    ['detection null', { detection: null }, 'detection'],
    ['severity after 11', { severityAfter: 11, occurrenceAfter: 2, detectionAfter: 2 }, 'severityAfter'],
    ['detection after 0.5', { severityAfter: 2, occurrenceAfter: 2, detectionAfter: 0.5 }, 'detectionAfter'],
    ['an RPN sent by the client', { rpn: 1 }, 'rpn'],
    ['an RPN after action sent by the client', { rpnAfter: 1 }, 'rpnAfter'],
  ];

  it.each(cases)('a new failure mode with %s', async (_what, fields, field) => {
    const response = await manager.request('POST', `/api/quality/fmea/${sheetId}/failure-modes`, { stepId, failureMode: 'Bad', ...scores, ...fields });
    expect(response.statusCode, response.body).toBe(400);
    expect(errorOf(response).code).toBe('invalid_request');
    expect(errorOf(response).message).toContain(field);
    expect(fieldsOf(response.json()).map((f) => f.replace(/^body\./, ''))).toContain(field);
  });

  it.each(cases)('a change with %s', async (_what, fields, field) => {
    const response = await manager.request('PATCH', `/api/quality/fmea/${sheetId}/failure-modes/${existingId}`, fields);
    expect(response.statusCode, response.body).toBe(400);
    expect(fieldsOf(response.json()).map((f) => f.replace(/^body\./, ''))).toContain(field);
  });

  it.each(['severity', 'occurrence', 'detection'])('a new failure mode missing %s', async (field) => {
    const body: Record<string, unknown> = { stepId, failureMode: 'Missing', ...scores };
    delete body[field];
    const response = await manager.request('POST', `/api/quality/fmea/${sheetId}/failure-modes`, body);
    expect(response.statusCode, response.body).toBe(400);
    expect(errorOf(response).message).toBe(`body.${field}: is required`);
  });

  it('after every refusal the worksheet holds only the one good failure mode, with its RPN unchanged', async () => {
    const sheet = (await manager.request('GET', `/api/quality/fmea/${sheetId}`)).json<Worksheet>();
    expect(sheet.failureModes.map((f) => [f.id, f.rpn])).toEqual([[existingId, 140]]);
  });

  it('blank titles and names, unknown statuses and a step from another worksheet are refused', async () => {
    expect((await manager.request('POST', '/api/quality/fmea', { title: '   ' })).statusCode).toBe(400);
    expect((await manager.request('POST', '/api/quality/fmea', { title: 'x', status: 'finished' })).statusCode).toBe(400);
    expect((await manager.request('POST', `/api/quality/fmea/${sheetId}/steps`, { name: '' })).statusCode).toBe(400);
    const otherSheet = await worksheet('Another');
    const otherStep = (await step(otherSheet.id, 'Elsewhere')).steps[0]!.id;
    const wrongStep = await manager.request('POST', `/api/quality/fmea/${sheetId}/failure-modes`, { stepId: otherStep, failureMode: 'x', ...scores });
    expect(wrongStep.statusCode, wrongStep.body).toBe(400);
    expect(fieldsOf(wrongStep.json())).toEqual(['stepId']);
  });
});

describe('who may see and change worksheets', () => {
  let sheet: Worksheet;
  let stepId: string;
  let fmId: string;

  beforeAll(async () => {
    sheet = await worksheet('Isolation');
    stepId = (await step(sheet.id, 'A step')).steps[0]!.id;
    fmId = (await failureMode(sheet.id, stepId)).failureModes[0]!.id;
  });

  it('another clinic gets 404 for every id of this clinic, and sees none of its worksheets', async () => {
    const base = `/api/quality/fmea/${sheet.id}`;
    const attempts: [string, string, unknown?][] = [
      ['GET', base], ['PATCH', base, { title: 'Taken over' }], ['DELETE', base], ['GET', `${base}/export.csv`],
      ['POST', `${base}/steps`, { name: 'Sneaked in' }], ['PATCH', `${base}/steps/${stepId}`, { name: 'x' }], ['DELETE', `${base}/steps/${stepId}`],
      ['POST', `${base}/failure-modes`, { stepId, failureMode: 'x', ...scores }],
      ['PATCH', `${base}/failure-modes/${fmId}`, { severity: 1 }], ['DELETE', `${base}/failure-modes/${fmId}`],
    ];
    for (const [method, url, body] of attempts) {
      const response = await otherClinic.request(method as 'GET', url, body);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(404);
    }
    const list = (await otherClinic.request('GET', '/api/quality/fmea')).json<{ total: number }>();
    expect(list.total).toBe(0);
    const top = (await otherClinic.request('GET', '/api/quality/fmea/top-failure-modes')).json<{ items: unknown[] }>();
    expect(top.items).toEqual([]);
    const unchanged = (await manager.request('GET', base)).json<Worksheet>();
    expect(unchanged.title).toBe('Isolation');
    expect(unchanged.failureModes.map((f) => f.rpn)).toEqual([140]);
  });

  it('a failure mode id of another worksheet of the same clinic is not found under this one', async () => {
    const other = await worksheet('Neighbour');
    const response = await manager.request('PATCH', `/api/quality/fmea/${other.id}/failure-modes/${fmId}`, { severity: 1 });
    expect(response.statusCode).toBe(404);
  });

  it('a viewer reads and exports but cannot write; an agent (quality:report only) cannot read', async () => {
    expect((await viewer.request('GET', `/api/quality/fmea/${sheet.id}`)).statusCode).toBe(200);
    expect((await viewer.request('GET', `/api/quality/fmea/${sheet.id}/export.csv`)).statusCode).toBe(200);
    const writes: [string, string, unknown?][] = [
      ['POST', '/api/quality/fmea', { title: 'Viewer sheet' }],
      ['PATCH', `/api/quality/fmea/${sheet.id}`, { title: 'Viewer edit' }],
      ['DELETE', `/api/quality/fmea/${sheet.id}`],
      ['POST', `/api/quality/fmea/${sheet.id}/steps`, { name: 'Viewer step' }],
      ['POST', `/api/quality/fmea/${sheet.id}/failure-modes`, { stepId, failureMode: 'x', ...scores }],
      ['PATCH', `/api/quality/fmea/${sheet.id}/failure-modes/${fmId}`, { severity: 10 }],
      ['DELETE', `/api/quality/fmea/${sheet.id}/failure-modes/${fmId}`],
    ];
    for (const [method, url, body] of writes) {
      const response = await viewer.request(method as 'POST', url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(errorOf(response).details).toEqual({ permission: 'quality:manage' });
    }
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    expect((await agent.request('GET', '/api/quality/fmea')).statusCode).toBe(403);
    expect((await manager.request('GET', `/api/quality/fmea/${sheet.id}`)).json<Worksheet>().failureModes[0]!.severity).toBe(7);
  });
});

describe('steps, status and deletion', () => {
  it('a step with failure modes cannot be removed; an archived worksheet is read-only until brought back; only drafts are deleted', async () => {
    const sheet = await worksheet('Lifecycle');
    const withSteps = await step(sheet.id, 'First');
    const stepId = withSteps.steps[0]!.id;
    await failureMode(sheet.id, stepId);
    const refused = await manager.request('DELETE', `/api/quality/fmea/${sheet.id}/steps/${stepId}`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('step_has_failure_modes');

    const empty = (await step(sheet.id, 'Second')).steps[1]!.id;
    const removed = await manager.request('DELETE', `/api/quality/fmea/${sheet.id}/steps/${empty}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json<Worksheet>().steps.map((s) => s.position)).toEqual([1]);

    expect((await manager.request('PATCH', `/api/quality/fmea/${sheet.id}`, { status: 'archived' })).statusCode).toBe(200);
    const frozen = await manager.request('POST', `/api/quality/fmea/${sheet.id}/steps`, { name: 'Late' });
    expect(frozen.statusCode).toBe(409);
    expect(errorOf(frozen).code).toBe('worksheet_archived');
    const listed = (await manager.request('GET', '/api/quality/fmea?limit=100')).json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(listed, 'archived worksheets leave the default list').not.toContain(sheet.id);
    const archivedList = (await manager.request('GET', '/api/quality/fmea?status=archived')).json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(archivedList).toContain(sheet.id);
    expect((await manager.request('PATCH', `/api/quality/fmea/${sheet.id}`, { status: 'in_review' })).statusCode).toBe(200);

    expect(errorOf(await manager.request('DELETE', `/api/quality/fmea/${sheet.id}`)).code).toBe('worksheet_not_draft');
    const draft = await worksheet('Scratch');
    expect((await manager.request('DELETE', `/api/quality/fmea/${draft.id}`)).statusCode).toBe(204);
    expect((await manager.request('GET', `/api/quality/fmea/${draft.id}`)).statusCode).toBe(404);
  });
});

describe('CSV export', () => {
  it('is RFC 4180, ranked, and text a spreadsheet would run as a formula is prefixed with a quote', async () => {
    const sheet = await worksheet('Export, "quoted"');
    const stepId = (await step(sheet.id, '=HYPERLINK("http://evil.test","click")')).steps[0]!.id;
    await failureMode(sheet.id, stepId, { failureMode: '+1+2', effect: '-3', cause: '@SUM(A1:A2)', currentControls: 'line one\r\nline "two", more', severity: 2, occurrence: 2, detection: 2 });
    await failureMode(sheet.id, stepId, { failureMode: 'Plain, with comma', effect: '  =padded', severity: 9, occurrence: 9, detection: 9 });
    const response = await viewer.request('GET', `/api/quality/fmea/${sheet.id}/export.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toBe('attachment; filename="fmea-export-quoted.csv"');
    const lines = response.body.split('\r\n');
    expect(lines[0]).toMatch(/^rank,step_no,step,failure_mode,effect,cause,current_controls,severity,occurrence,detection,rpn,priority,/);
    expect(lines[1]).toBe(`1,1,"'=HYPERLINK(""http://evil.test"",""click"")","Plain, with comma",'=padded,Number not checked at booking,None,9,9,9,729,high,,,,,,,,,,`);
    expect(lines[2]).toBe(`2,1,"'=HYPERLINK(""http://evil.test"",""click"")",'+1+2,'-3,'@SUM(A1:A2),"line one`);
    expect(lines[3]).toBe('line ""two"", more",2,2,2,8,low,,,,,,,,,,');
    expect(response.body.endsWith('\r\n')).toBe(true);
    expect(lines.length).toBe(5);
  });
});

describe('the demo worksheets', () => {
  it('seed two worksheets whose actions and RPNs the API reads back', async () => {
    const demo = await addClinic(clinic.careloop, 'demo-fmea');
    await seedDemoFmea(clinic.careloop.platform, systemActor(demo.organizationId, 'cli', 'Demo seed'));
    const demoApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, demo.organizationId, 'viewer'));
    const list = (await demoApi.request('GET', '/api/quality/fmea')).json<{ items: { id: string; title: string }[] }>().items;
    expect(list.map((w) => w.title).sort()).toEqual(['Appointment reminders', 'Referral hand-off']);
    const reminders = (await demoApi.request('GET', `/api/quality/fmea/${list.find((w) => w.title === 'Appointment reminders')!.id}`)).json<Worksheet>();
    expect(reminders.steps).toHaveLength(5);
    expect(reminders.failureModes[0]).toMatchObject({ failureMode: 'Old or mistyped mobile number kept', rpn: 252, rpnAfter: 54, actionStatus: 'completed' });
    expect(reminders.summary.overdueActions).toBe(1);
    const top = (await demoApi.request('GET', '/api/quality/fmea/top-failure-modes?limit=3')).json<{ items: { rpn: number; worksheetTitle: string }[] }>().items;
    expect(top.map((t) => t.rpn)).toEqual([256, 252, 189]);
  });
});
