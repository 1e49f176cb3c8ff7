import { useState } from 'react';
import { Button, Group, Popover, Stack, TagsInput } from '@mantine/core';

/** Adds and removes labels (saved together, so two quick edits cannot overwrite each other halfway). */
export function LabelsEditor({ labels, onSave }: { labels: string[]; onSave(labels: string[]): void }) {
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState(labels);
  const toggle = () => { setDraft(labels); setOpened((o) => !o); };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={300} withArrow trapFocus>
      <Popover.Target>
        <Button size="compact-sm" variant="default" onClick={toggle} aria-expanded={opened}>Labels{labels.length ? ` (${labels.length})` : ''}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={(e) => { e.preventDefault(); onSave(draft.map((l) => l.trim().toLowerCase()).filter(Boolean)); setOpened(false); }}>
          <Stack gap="xs">
            <TagsInput size="xs" label="Labels" description="Enter to add; Backspace or × to remove" value={draft} onChange={setDraft} maxTags={20} clearable data-autofocus
              splitChars={[',']} />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpened(false)}>Cancel</Button>
              <Button size="xs" type="submit">Save labels</Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
