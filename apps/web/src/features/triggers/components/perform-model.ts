import type { Perform } from '../api/triggers';

/** A trigger's actions as the form edits them ('' = not set). */
export type PerformState = {
  state: string;
  priority: string;
  group: string;
  /** An agent's id, `not_set` (nobody) or ''. */
  owner: string;
  tagsOp: 'add' | 'remove';
  tags: string;
  email: boolean;
  recipients: string[];
  subject: string;
  body: string;
  internal: boolean;
  preferenceKey: '' | 'reply' | 'state';
  webhook: string;
};

export type PerformError = 'needAction' | 'needSubject' | 'needBody' | 'needRecipient';

export function performState(p: Perform | undefined): PerformState {
  const email = p?.['notification.email'];
  const owner = p?.['ticket.owner_id'];
  return {
    state: p?.['ticket.state_id']?.value ?? '',
    priority: p?.['ticket.priority_id']?.value ?? '',
    group: p?.['ticket.group_id']?.value ?? '',
    owner: owner?.pre_condition === 'not_set' ? 'not_set' : (owner?.value ?? ''),
    tagsOp: p?.['ticket.tags']?.operator ?? 'add',
    tags: p?.['ticket.tags']?.value ?? '',
    email: Boolean(email),
    recipients: email?.recipient ?? ['ticket_customer'],
    subject: email?.subject ?? '',
    body: email?.body ?? '',
    internal: email?.internal ?? false,
    preferenceKey: email?.preference_key ?? '',
    webhook: p?.['notification.webhook'] ? String(p['notification.webhook'].webhook_id) : '',
  };
}

/** The form's actions as Zammad's `perform`, or what is missing. */
export function performOf(s: PerformState): { perform: Perform; errors: PerformError[] } {
  const perform: Perform = {};
  const errors: PerformError[] = [];
  if (s.state) perform['ticket.state_id'] = { value: s.state };
  if (s.priority) perform['ticket.priority_id'] = { value: s.priority };
  if (s.group) perform['ticket.group_id'] = { value: s.group };
  if (s.owner === 'not_set') perform['ticket.owner_id'] = { pre_condition: 'not_set' };
  else if (s.owner) perform['ticket.owner_id'] = { value: s.owner };
  if (s.tags.trim()) perform['ticket.tags'] = { operator: s.tagsOp, value: s.tags.trim() };
  if (s.email) {
    if (s.recipients.length === 0) errors.push('needRecipient');
    if (!s.subject.trim()) errors.push('needSubject');
    if (!s.body.trim()) errors.push('needBody');
    perform['notification.email'] = {
      recipient: s.recipients,
      subject: s.subject.trim(),
      body: s.body,
      internal: s.internal,
      ...(s.preferenceKey ? { preference_key: s.preferenceKey } : {}),
    };
  }
  if (s.webhook) perform['notification.webhook'] = { webhook_id: Number(s.webhook) };
  if (Object.keys(perform).length === 0) errors.push('needAction');
  return { perform, errors };
}
