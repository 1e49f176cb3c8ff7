import type { ReactNode } from 'react';
import { LiveProvider } from '../live.js';
import { NotifyProvider, useNotify } from './inbox/notify.js';

function LiveWithAlerts({ children }: { children: ReactNode }) {
  const notify = useNotify();
  return <LiveProvider onAlert={(alert) => (alert.urgent ? notify.urgent : notify.info)(alert.title, alert.message)}>{children}</LiveProvider>;
}

/** A staff screen kept current by the live socket, announcing what patients do on their own (book online, cancel, ask to reschedule) and emergencies the assistant spotted. */
export function LiveScreen({ children }: { children: ReactNode }) {
  return <NotifyProvider><LiveWithAlerts>{children}</LiveWithAlerts></NotifyProvider>;
}
