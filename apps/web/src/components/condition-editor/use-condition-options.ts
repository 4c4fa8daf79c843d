import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';
import { useAgents, useReference } from '@/lib/reference';
import { useServices } from '@/lib/services';
import type { ConditionOptions } from './condition-editor';
import './strings';

/** What the condition editor offers: states, groups, priorities, agents, services and ticket types. */
export function useConditionOptions(): ConditionOptions {
  const { t } = useTranslation();
  const reference = useReference();
  const agents = useAgents();
  const services = useServices();
  return useMemo(() => {
    const ref = reference.data;
    const opts = (list: readonly { id: number; name: string }[] | undefined, label = (n: string) => n) =>
      (list ?? []).map((x) => ({ value: String(x.id), label: label(x.name) }));
    return {
      states: opts(ref?.states, (n) => stateLabel(n, t)),
      groups: opts(ref?.groups),
      priorities: opts(ref?.priorities, (n) => priorityLabel(n, t)),
      agents: opts(agents.data),
      services: (services.data ?? []).map((s) => ({ value: s.key, label: s.name })),
      types: ['incident', 'service_request'].map((v) => ({
        value: v,
        label: t(`conditionEditor.types.${v}`),
      })),
    };
  }, [reference.data, agents.data, services.data, t]);
}
