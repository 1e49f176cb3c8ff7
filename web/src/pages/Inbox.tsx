import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Drawer, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { LiveScreen } from '../components/LiveScreen.js';
import { useSignedIn } from '../session.js';
import { usePageTitle } from '../components/usePageTitle.js';
import type { ComposerHandle } from '../components/inbox/Composer.js';
import { ConversationList } from '../components/inbox/ConversationList.js';
import { counterpart } from '../components/inbox/ConversationRow.js';
import { NewConversationDialog } from '../components/inbox/NewConversationDialog.js';
import { PatientPanel } from '../components/inbox/PatientPanel.js';
import { filtersFrom, paramsFrom, useConversation, useConversationList, type InboxFilters } from '../components/inbox/queries.js';
import { ThreadView } from '../components/inbox/ThreadView.js';
import '../components/inbox/inbox.css';

/** Keys typed into a form field are text, not shortcuts. */
function typingInField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.closest('[role="dialog"], [role="menu"], [role="listbox"]') !== null;
}

/** The agent's inbox: conversations (left), the thread (middle), the patient's 360 (right), live. */
export function Inbox() {
  return (
    <LiveScreen>
      <InboxScreen />
    </LiveScreen>
  );
}

function InboxScreen() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const compose = params.get('compose');
  const wide = useMediaQuery('(min-width: 80em)', true);
  const twoColumns = useMediaQuery('(min-width: 48em)', true);
  const [patientDrawer, setPatientDrawer] = useState(false);
  const composer = useRef<ComposerHandle | null>(null);
  const resolve = useRef<(() => void) | null>(null);

  const list = useConversationList(filters);
  const current = useConversation(id);
  usePageTitle(current.data ? `${counterpart(current.data)} · Inbox` : 'Inbox');

  const search = paramsFrom(filters).toString();
  const linkTo = useCallback((conversationId: string) => `/inbox/${conversationId}${search ? `?${search}` : ''}`, [search]);
  const setFilters = (changes: Partial<InboxFilters>) => setParams(paramsFrom({ ...filters, ...changes }), { replace: true });
  const closeCompose = () => setParams(paramsFrom(filters), { replace: true });

  // The thread j / k move from: set at once on a move, so a second key pressed before the screen re-renders moves on from there.
  const shownId = useRef(id);
  useEffect(() => { shownId.current = id; }, [id]);

  // j / k move through the list, r replies, e resolves.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      const items = list.data?.items ?? [];
      if (event.key === 'j' || event.key === 'k') {
        if (items.length === 0) return;
        const at = items.findIndex((c) => c.id === shownId.current);
        const next = event.key === 'j' ? Math.min(items.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
        const target = items[next];
        if (!target) return;
        event.preventDefault();
        shownId.current = target.id;
        navigate(linkTo(target.id));
        document.querySelector(`[data-conversation-id="${target.id}"]`)?.scrollIntoView({ block: 'nearest' });
      } else if (event.key === 'r' && id) {
        event.preventDefault();
        composer.current?.focusReply();
      } else if (event.key === 'e' && id && resolve.current) {
        event.preventDefault();
        resolve.current();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [list.data, id, linkTo, navigate]);

  const showList = twoColumns || !id;
  const patientId = current.data?.patientId ?? null;
  const panel = id && patientId ? <PatientPanel patientId={patientId} conversationId={id} linkTo={linkTo} /> : null;

  return (
    <div className="inbox" data-layout={wide ? 'three' : twoColumns ? 'two' : 'one'}>
      {showList && (
        <ConversationList filters={filters} onFilters={setFilters} list={list} selectedId={id} linkTo={linkTo}
          onNewMessage={can('inbox:reply') ? () => setParams((p) => { const next = new URLSearchParams(p); next.set('compose', ''); return next; }, { replace: true }) : undefined} />
      )}
      {id ? (
        <ThreadView id={id} canReply={can('inbox:reply')} linkTo={linkTo} onNavigate={(next) => navigate(linkTo(next))} composer={composer} resolveRef={resolve}
          onBack={twoColumns ? undefined : () => navigate(`/inbox${search ? `?${search}` : ''}`)}
          onShowPatient={wide ? undefined : () => setPatientDrawer(true)} />
      ) : twoColumns ? (
        <section className="inbox-thread inbox-empty" aria-label="Conversation">
          <Text c="dimmed" fz="sm">Pick a conversation on the left.</Text>
          <Text c="dimmed" fz="xs" mt={4}>Keys: j / k next and previous, r reply, e resolve.</Text>
        </section>
      ) : null}
      {wide && id && <aside className="inbox-patient" aria-label="Patient">{panel ?? <Text c="dimmed" fz="sm" p="sm">{current.data ? 'The sender is not linked to a patient yet.' : ''}</Text>}</aside>}
      {!wide && (
        <Drawer opened={patientDrawer && Boolean(panel)} onClose={() => setPatientDrawer(false)} position="right" size="sm" title="Patient" closeButtonProps={{ 'aria-label': 'Close' }}>
          {panel}
        </Drawer>
      )}
      {compose !== null && (
        <NewConversationDialog opened patientId={compose || null} onClose={closeCompose} onStarted={(started) => navigate(linkTo(started))} />
      )}
    </div>
  );
}
