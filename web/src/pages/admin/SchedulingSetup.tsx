import { useSearchParams } from 'react-router-dom';
import { Tabs, Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';
import { LocationsTab } from '../../components/schedule/setup/LocationsTab.js';
import { ProvidersTab } from '../../components/schedule/setup/ProvidersTab.js';
import { ServicesTab } from '../../components/schedule/setup/ServicesTab.js';
import { HoursTab } from '../../components/schedule/setup/HoursTab.js';
import { ExceptionsTab } from '../../components/schedule/setup/ExceptionsTab.js';

const TABS = [
  { value: 'locations', label: 'Locations', panel: <LocationsTab /> },
  { value: 'providers', label: 'Providers', panel: <ProvidersTab /> },
  { value: 'services', label: 'Services', panel: <ServicesTab /> },
  { value: 'hours', label: 'Hours', panel: <HoursTab /> },
  { value: 'exceptions', label: 'Exceptions', panel: <ExceptionsTab /> },
];

/** Administration of scheduling: where, who, what, when each provider works, and the exceptions. */
export function SchedulingSetup() {
  usePageTitle('Scheduling setup');
  // The tab lives in the address, so a reload or a shared link opens the same one.
  const [params, setParams] = useSearchParams();
  const tab = TABS.some((t) => t.value === params.get('tab')) ? params.get('tab') ?? 'locations' : 'locations';
  return (
    <>
      <Title order={1} mb="xs">Scheduling setup</Title>
      <Text c="dimmed" fz="sm" mb="md">Locations, providers, the services they offer, their weekly hours and the exceptions to them.</Text>
      <Tabs value={tab} onChange={(value) => value && setParams({ tab: value }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((t) => <Tabs.Tab key={t.value} value={t.value}>{t.label}</Tabs.Tab>)}
        </Tabs.List>
        {TABS.map((t) => <Tabs.Panel key={t.value} value={t.value}>{t.panel}</Tabs.Panel>)}
      </Tabs>
    </>
  );
}
