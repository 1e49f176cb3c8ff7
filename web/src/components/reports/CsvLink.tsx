import { Button } from '@mantine/core';

/** A plain link to the CSV export: the browser downloads it with the session cookie, no script needed. */
export function CsvLink({ href, what }: { href: string; what: string }) {
  return (
    <Button component="a" href={href} download variant="default" size="compact-sm" aria-label={`Download ${what} as CSV`}>
      Download CSV
    </Button>
  );
}
