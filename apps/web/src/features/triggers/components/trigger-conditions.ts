import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConditionOptions } from '@/components/condition-editor/condition-editor';
import { ATTRIBUTES, type AttrDef } from '@/components/condition-editor/condition-model';
import { useConditionOptions } from '@/components/condition-editor/use-condition-options';
import '../strings';

/** What a trigger's condition may look at: a ticket's attributes plus the change's. */
export const TRIGGER_ATTRIBUTES: readonly AttrDef[] = [
  { name: 'ticket.action', kind: 'select', source: 'actions', operators: ['is', 'is not'] },
  { name: 'ticket.title', kind: 'text' },
  ...ATTRIBUTES,
  { name: 'article.type_id', kind: 'select', source: 'articleTypes', numeric: true },
  { name: 'article.sender_id', kind: 'select', source: 'articleSenders', numeric: true },
  { name: 'article.internal', kind: 'select', source: 'booleans', operators: ['is'] },
  { name: 'customer.email', kind: 'text' },
];

// Zammad's seeded ids of article types and senders (the same in every installation).
const ARTICLE_TYPES = [
  ['1', 'email'],
  ['5', 'phone'],
  ['10', 'note'],
  ['11', 'web'],
] as const;
const SENDERS = [
  ['1', 'Agent'],
  ['2', 'Customer'],
  ['3', 'System'],
] as const;

/** The condition editor's options with the trigger-only lists. */
export function useTriggerConditionOptions(): ConditionOptions {
  const { t } = useTranslation();
  const base = useConditionOptions();
  return useMemo(
    () => ({
      ...base,
      actions: ['create', 'update'].map((v) => ({ value: v, label: t(`trg.triggers.opt.${v}`) })),
      articleTypes: ARTICLE_TYPES.map(([value, n]) => ({ value, label: t(`trg.triggers.articleType.${n}`) })),
      articleSenders: SENDERS.map(([value, n]) => ({ value, label: t(`trg.triggers.sender.${n}`) })),
      booleans: ['true', 'false'].map((v) => ({ value: v, label: t(`trg.triggers.opt.${v}`) })),
    }),
    [base, t],
  );
}
