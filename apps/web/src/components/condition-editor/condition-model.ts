import type { components } from '@/lib/bff-schema.gen';

/** Zammad's flat selector condition, as the BFF passes it (overviews, SLAs). */
export type Condition = components['schemas']['SelectorCondition'];
export type ConditionLeaf = Condition[string];

/** How a condition's value is chosen in the editor. */
export type AttrKind = 'select' | 'owner' | 'customer' | 'organization' | 'tags' | 'time' | 'text';
export type OptionSource = 'states' | 'groups' | 'priorities' | 'services' | 'types';
/** Option lists only some editors offer (triggers: the change's action, the article's type...). */
export type ExtraSource = 'actions' | 'articleTypes' | 'articleSenders' | 'booleans';

export type AttrDef = {
  name: string;
  kind: AttrKind;
  source?: OptionSource | ExtraSource;
  numeric?: boolean;
  /** Operators instead of the kind's (a trigger's `ticket.action` is only is / is not). */
  operators?: readonly string[];
};

/** The attributes the editor offers (Zammad's names). Anything else is kept as it is. */
export const ATTRIBUTES: readonly AttrDef[] = [
  { name: 'ticket.state_id', kind: 'select', source: 'states', numeric: true },
  { name: 'ticket.group_id', kind: 'select', source: 'groups', numeric: true },
  { name: 'ticket.owner_id', kind: 'owner', numeric: true },
  { name: 'ticket.priority_id', kind: 'select', source: 'priorities', numeric: true },
  { name: 'ticket.customer_id', kind: 'customer', numeric: true },
  { name: 'ticket.organization_id', kind: 'organization', numeric: true },
  { name: 'ticket.tags', kind: 'tags' },
  { name: 'ticket.eosc_service', kind: 'select', source: 'services' },
  { name: 'ticket.eosc_ticket_type', kind: 'select', source: 'types' },
  { name: 'ticket.escalation_at', kind: 'time' },
  { name: 'ticket.pending_time', kind: 'time' },
];

export const OPERATORS: Record<AttrKind, readonly string[]> = {
  select: ['is', 'is not'],
  owner: ['is', 'is not'],
  customer: ['is', 'is not'],
  organization: ['is', 'is not'],
  tags: ['contains one', 'contains all', 'contains one not', 'contains all not'],
  text: ['contains', 'contains not', 'starts with', 'ends with'],
  time: [
    'before (relative)',
    'after (relative)',
    'within last (relative)',
    'within next (relative)',
    'till (relative)',
    'from (relative)',
    'is set',
    'not set',
  ],
};

export const RANGES = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type Range = (typeof RANGES)[number];

/** Who a person condition means: listed ones, the signed-in user (or their organization), or nobody. */
export type Who = 'specific' | 'current_user.id' | 'current_user.organization_id' | 'not_set';

export type ConditionRow = {
  key: string;
  attr: string;
  operator: string;
  who: Who;
  /** Selected option values (select, owner) as strings. */
  values: string[];
  /** Free text: comma-separated tags or ids; a number for times. */
  text: string;
  range: Range;
  /** A condition the editor does not know, kept unchanged. */
  raw?: ConditionLeaf;
};

let seq = 0;
const nextKey = () => `c${++seq}`;

export function defOf(attr: string, attributes: readonly AttrDef[] = ATTRIBUTES): AttrDef | undefined {
  return attributes.find((a) => a.name === attr);
}

/** The operators an attribute offers. */
export function operatorsOf(def: AttrDef): readonly string[] {
  return def.operators ?? OPERATORS[def.kind];
}

export function emptyRow(
  attr = 'ticket.state_id',
  attributes: readonly AttrDef[] = ATTRIBUTES,
): ConditionRow {
  const def = defOf(attr, attributes);
  return {
    key: nextKey(),
    attr,
    operator: (def ? operatorsOf(def)[0] : undefined) ?? 'is',
    who: 'specific',
    values: [],
    text: '',
    range: 'day',
  };
}

const list = (v: ConditionLeaf['value']): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
const splitText = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Zammad's flat condition → editor rows. */
export function rowsOf(condition: Condition, attributes: readonly AttrDef[] = ATTRIBUTES): ConditionRow[] {
  return Object.entries(condition).map(([attr, leaf]) => {
    const def = defOf(attr, attributes);
    const row = { ...emptyRow(attr, attributes), operator: leaf.operator };
    if (!def || !operatorsOf(def).includes(leaf.operator)) return { ...row, raw: leaf };
    if (leaf.pre_condition && leaf.pre_condition !== 'specific') row.who = leaf.pre_condition as Who;
    if (def.kind === 'select' || def.kind === 'owner') row.values = list(leaf.value);
    else if (def.kind === 'time') {
      row.text = list(leaf.value)[0] ?? '';
      row.range = leaf.range ?? 'day';
    } else row.text = list(leaf.value).join(', ');
    return row;
  });
}

export type RowError = { key: string; message: 'needValue' | 'needNumber' | 'needIds' | 'duplicate' };

/** Editor rows → Zammad's flat condition, or the rows that are incomplete. */
export function conditionOf(
  rows: ConditionRow[],
  attributes: readonly AttrDef[] = ATTRIBUTES,
): { condition: Condition; errors: RowError[] } {
  const condition: Condition = {};
  const errors: RowError[] = [];
  for (const row of rows) {
    if (row.attr in condition) {
      errors.push({ key: row.key, message: 'duplicate' });
      continue;
    }
    if (row.raw) {
      condition[row.attr] = row.raw;
      continue;
    }
    const def = defOf(row.attr, attributes);
    if (!def) continue;
    const leaf: ConditionLeaf = { operator: row.operator };
    if (def.kind === 'text') {
      if (row.text.trim() === '') errors.push({ key: row.key, message: 'needValue' });
      else condition[row.attr] = { ...leaf, value: row.text.trim() };
      continue;
    }
    if (def.kind === 'time') {
      if (row.operator !== 'is set' && row.operator !== 'not set') {
        const n = Number(row.text);
        if (row.text.trim() === '' || !Number.isInteger(n) || n < 0) {
          errors.push({ key: row.key, message: 'needNumber' });
          continue;
        }
        leaf.value = n;
        leaf.range = row.range;
      }
    } else if (def.kind !== 'select' && def.kind !== 'tags' && row.who !== 'specific') {
      leaf.pre_condition = row.who;
    } else if (def.kind === 'select' || def.kind === 'owner') {
      if (row.values.length === 0) {
        errors.push({ key: row.key, message: 'needValue' });
        continue;
      }
      leaf.value = def.numeric ? row.values.map(Number) : row.values;
    } else {
      const items = splitText(row.text);
      if (items.length === 0) {
        errors.push({ key: row.key, message: 'needValue' });
        continue;
      }
      if (def.numeric && items.some((x) => !/^\d+$/.test(x))) {
        errors.push({ key: row.key, message: 'needIds' });
        continue;
      }
      leaf.value = def.numeric ? items.map(Number) : items;
    }
    condition[row.attr] = leaf;
  }
  return { condition, errors };
}
