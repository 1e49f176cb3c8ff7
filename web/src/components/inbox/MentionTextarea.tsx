import { useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { Paper, Text, Textarea, UnstyledButton } from '@mantine/core';
import type { Agent } from '../../types.js';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  agents: Agent[];
  /** Colleagues picked so far (id → the name written after @). */
  mentions: Map<string, string>;
  onMention(agent: Agent): void;
  onSubmit(): void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  description?: string;
}

const MENTION = /(^|\s)@([\p{L}\p{N}._-]*)$/u;

/** The colleagues whose @Name is still in the note: the ids sent as mentions. */
export function mentionedIds(body: string, mentions: Map<string, string>): string[] {
  return [...mentions].filter(([, name]) => body.includes(`@${name}`)).map(([id]) => id);
}

/** A note box where typing @ offers colleagues to mention (arrow keys and Enter, or a click). */
export function MentionTextarea({ label, value, onChange, agents, onMention, onSubmit, textareaRef, description }: Props) {
  const listId = useId();
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const caret = useRef(0);

  const matches = useMemo(() => {
    if (query === null) return [];
    const q = query.toLowerCase();
    return agents.filter((a) => a.displayName.toLowerCase().split(/\s+/).some((word) => word.startsWith(q)) || a.displayName.toLowerCase().startsWith(q)).slice(0, 6);
  }, [agents, query]);
  const open = query !== null && matches.length > 0;

  function track(text: string, position: number) {
    caret.current = position;
    const match = MENTION.exec(text.slice(0, position));
    setQuery(match ? match[2] ?? '' : null);
    setActive(0);
  }

  function pick(agent: Agent) {
    const before = value.slice(0, caret.current).replace(MENTION, (_, space: string) => `${space}@${agent.displayName} `);
    const next = before + value.slice(caret.current);
    onChange(next);
    onMention(agent);
    setQuery(null);
    requestAnimationFrame(() => {
      const box = textareaRef.current;
      if (box) { box.focus(); box.setSelectionRange(before.length, before.length); }
    });
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); onSubmit(); return; }
    if (!open) return;
    if (event.key === 'ArrowDown') { event.preventDefault(); setActive((i) => (i + 1) % matches.length); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive((i) => (i - 1 + matches.length) % matches.length); }
    else if (event.key === 'Enter' || event.key === 'Tab') { event.preventDefault(); const agent = matches[active]; if (agent) pick(agent); }
    else if (event.key === 'Escape') { event.preventDefault(); setQuery(null); }
  }

  return (
    <div style={{ position: 'relative' }}>
      <Textarea ref={textareaRef} label={label} description={description} value={value} autosize minRows={2} maxRows={8}
        onChange={(e) => { onChange(e.currentTarget.value); track(e.currentTarget.value, e.currentTarget.selectionStart); }}
        onKeyDown={keyDown} onClick={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
        aria-autocomplete="list" aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        classNames={{ input: 'note-input' }} />
      {open && (
        <Paper withBorder shadow="md" className="mention-list" role="listbox" id={listId} aria-label="Colleagues to mention">
          {matches.map((agent, index) => (
            <UnstyledButton key={agent.id} id={`${listId}-${index}`} role="option" aria-selected={index === active} tabIndex={-1}
              className="mention-option" data-active={index === active || undefined}
              onMouseDown={(e) => { e.preventDefault(); pick(agent); }}>
              <Text fz="sm">{agent.displayName}</Text>
            </UnstyledButton>
          ))}
        </Paper>
      )}
    </div>
  );
}
