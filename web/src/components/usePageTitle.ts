import { useEffect } from 'react';

/** Sets the browser tab's title, so screen readers and tab lists say which page this is. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Careloop`;
  }, [title]);
}
