import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

/** A table that scrolls sideways on a phone; the scrolling box takes keyboard focus so arrow keys reach it. */
export function ScrollTable({ minWidth, label, children, mt }: { minWidth: number; label: string; children: ReactNode; mt?: string }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label} mt={mt}>
      {children}
    </Table.ScrollContainer>
  );
}
