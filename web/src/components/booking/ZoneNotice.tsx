import { useEffect, useState } from 'react';
import { Text } from '@mantine/core';
import { clockDiffers, clockNow, zoneName } from './clinicTime.js';
import type { Language, Texts } from './texts.js';

/** Says which zone the times are in and, when the patient's own clock differs, what time it is where they are. */
export function ZoneNotice({ timeZone, language, t }: { timeZone: string; language: Language; t: Texts }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div data-testid="zone-notice">
      <Text fz="sm">{t.zoneIs(zoneName(timeZone, language), timeZone)}</Text>
      {clockDiffers(timeZone, now) && <Text fz="sm" fw={700}>{t.zoneDiffers(clockNow(language, undefined, now))}</Text>}
    </div>
  );
}
