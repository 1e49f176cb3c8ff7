import { Button, Group, Loader, Pagination, Text, Title } from '@mantine/core';
import type { ConversationList as ListAnswer } from '../../types.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ConversationRow } from './ConversationRow.js';
import { ListFilters } from './ListFilters.js';
import { LiveIndicator } from './LiveIndicator.js';
import { PAGE_SIZE, useIsOnline, type InboxFilters } from './queries.js';

interface Props {
  filters: InboxFilters;
  onFilters(changes: Partial<InboxFilters>): void;
  list: { data: ListAnswer | undefined; error: unknown; isPending: boolean; isFetching: boolean };
  selectedId: string | undefined;
  linkTo(id: string): string;
  onNewMessage?: () => void;
}

/** The left column: filters and the conversations that match, newest (or soonest due) first. */
export function ConversationList({ filters, onFilters, list, selectedId, linkTo, onNewMessage }: Props) {
  const isOnline = useIsOnline();
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const change = (changes: Partial<InboxFilters>) => onFilters({ page: 1, ...changes });

  return (
    <section className="inbox-list" aria-labelledby="inbox-title">
      <div className="inbox-list-head">
        <Group justify="space-between" wrap="nowrap" mb={8}>
          <Group gap={8} wrap="nowrap">
            <Title order={1} fz="h3" id="inbox-title">Inbox</Title>
            <LiveIndicator />
          </Group>
          {onNewMessage && <Button size="xs" onClick={onNewMessage}>New message</Button>}
        </Group>
        <ListFilters filters={filters} counts={data?.counts} onChange={change} />
      </div>
      <div className="inbox-list-body">
        <ErrorAlert error={list.error} title="The inbox could not be loaded" />
        <Text fz="xs" c="dimmed" px="sm" py={6} role="status" aria-live="polite">
          {list.isPending ? 'Loading…' : data && data.total === 0 ? 'No conversations here.' : data ? `${data.total} conversation${data.total === 1 ? '' : 's'}` : ''}
          {list.isFetching && !list.isPending && <Loader size={10} ml={6} aria-hidden />}
        </Text>
        {data && data.items.length > 0 && (
          <ul className="inbox-rows" aria-label="Conversations">
            {data.items.map((c) => (
              <ConversationRow key={c.id} conversation={c} to={linkTo(c.id)} selected={c.id === selectedId} online={isOnline(c.assigneeId)} />
            ))}
          </ul>
        )}
        {pages > 1 && (
          <Group justify="center" py="sm">
            <Pagination total={pages} value={filters.page} onChange={(page) => onFilters({ page })} size="xs" />
          </Group>
        )}
      </div>
    </section>
  );
}
