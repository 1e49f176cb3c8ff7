import { useState } from 'react';
import { Button, Popover, ScrollArea, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import type { CannedReply } from '../../types.js';
import { useNotify } from './notify.js';
import { cannedBody, useCannedReplies } from './queries.js';

/** Picks a canned reply; its variables ({{patient.firstName}}) are filled by the server for this conversation. */
export function CannedReplyPicker({ conversationId, onInsert }: { conversationId: string; onInsert(text: string): void }) {
  const canned = useCannedReplies();
  const notify = useNotify();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [inserting, setInserting] = useState<string | null>(null);

  if (canned.data === null || (canned.data && canned.data.length === 0)) {
    return (
      <Tooltip label={canned.data === null ? 'Canned replies are not available on this server yet.' : 'No canned replies yet: an administrator can add them.'} withArrow>
        <Button size="xs" variant="default" data-disabled aria-disabled onClick={(e) => e.preventDefault()}>Canned replies</Button>
      </Tooltip>
    );
  }

  async function insert(reply: CannedReply) {
    setInserting(reply.id);
    try {
      const result = await cannedBody(conversationId, reply);
      onInsert(result.body);
      setOpened(false);
      if (!result.filled) notify.success('Canned reply inserted', 'Its variables could not be filled automatically: check the text before sending.');
    } catch (error) {
      notify.failure(error, 'The canned reply could not be inserted');
    } finally {
      setInserting(null);
    }
  }

  const q = search.trim().toLowerCase();
  const shown = (canned.data ?? []).filter((r) => !q || r.title.toLowerCase().includes(q) || r.body.toLowerCase().includes(q));
  return (
    <Popover opened={opened} onChange={setOpened} position="top-start" width={320} withArrow trapFocus>
      <Popover.Target>
        <Button size="xs" variant="default" onClick={() => setOpened((o) => !o)} loading={canned.isPending} aria-expanded={opened}>Canned replies</Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Stack gap={6}>
          <TextInput size="xs" label="Find a canned reply" value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-autofocus />
          <ScrollArea.Autosize mah={240}>
            {shown.length === 0 && <Text fz="xs" c="dimmed">Nothing matches.</Text>}
            <ul className="plain-list" aria-label="Canned replies">
              {shown.map((reply) => (
                <li key={reply.id}>
                  <UnstyledButton className="canned-option" onClick={() => void insert(reply)} disabled={inserting !== null}>
                    <Text fz="sm" fw={600}>{reply.title}{inserting === reply.id ? ' …' : ''}</Text>
                    <Text fz="xs" c="dimmed" lineClamp={2}>{reply.body}</Text>
                  </UnstyledButton>
                </li>
              ))}
            </ul>
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
