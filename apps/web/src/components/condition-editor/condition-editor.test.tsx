import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConditionEditor, type ConditionOptions } from './condition-editor';
import { type Condition, type ConditionRow, conditionOf, type RowError, rowsOf } from './condition-model';

const OPTIONS: ConditionOptions = {
  states: [
    { value: '1', label: 'new' },
    { value: '2', label: 'open' },
    { value: '4', label: 'closed' },
  ],
  groups: [{ value: '1', label: 'Users' }],
  priorities: [{ value: '3', label: '3 high' }],
  agents: [{ value: '77', label: 'Blake Agent' }],
  services: [{ value: 'b2share', label: 'B2SHARE' }],
  types: [{ value: 'incident', label: 'Incident' }],
};

let latest: Condition = {};
let latestErrors: RowError[] = [];

function Harness({ initial }: { initial: Condition }) {
  const [rows, setRows] = useState<ConditionRow[]>(() => rowsOf(initial));
  const [errors, setErrors] = useState<RowError[]>([]);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const out = conditionOf(rows);
        latest = out.condition;
        latestErrors = out.errors;
        setErrors(out.errors);
      }}
    >
      <ConditionEditor rows={rows} onChange={setRows} options={OPTIONS} errors={errors} />
      <button type="submit">Apply</button>
    </form>
  );
}

function setup(initial: Condition = {}) {
  const user = userEvent.setup();
  render(<Harness initial={initial} />);
  return user;
}

describe('condition editor', () => {
  it('round-trips Zammad conditions, keeping unknown ones untouched', async () => {
    const initial: Condition = {
      'ticket.state_id': { operator: 'is', value: [1, 2] },
      'ticket.owner_id': { operator: 'is', pre_condition: 'not_set' },
      'ticket.pending_time': { operator: 'within next (relative)', value: 2, range: 'hour' },
      'ticket.tags': { operator: 'contains all', value: ['eudat', 'b2share'] },
      'ticket.title': { operator: 'contains', value: 'storage' },
    };
    const user = setup(initial);
    const first = screen.getByRole('group', { name: 'Condition 1' });
    expect(within(first).getByRole('combobox', { name: 'Condition 1: Attribute' })).toHaveValue(
      'ticket.state_id',
    );
    expect(within(first).getByRole('listbox', { name: 'Condition 1: Value' })).toHaveValue(['1', '2']);
    expect(screen.getByRole('combobox', { name: 'Condition 2: Whom' })).toHaveValue('not_set');
    expect(screen.getByRole('spinbutton', { name: 'Condition 3: Value' })).toHaveValue(2);
    expect(screen.getByRole('textbox', { name: 'Condition 4: Value' })).toHaveValue('eudat, b2share');
    expect(screen.getByText(/"contains"/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(latestErrors).toEqual([]);
    expect(latest).toEqual(initial);
  });

  it('builds conditions for owner "current user", tags and escalation time', async () => {
    const user = setup();
    expect(screen.getByText(/No conditions/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    const c1 = screen.getByRole('group', { name: 'Condition 1' });
    await user.selectOptions(within(c1).getByRole('combobox', { name: 'Condition 1: Attribute' }), 'Owner');
    await user.selectOptions(within(c1).getByRole('combobox', { name: 'Condition 1: Whom' }), 'current user');

    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    const c2 = screen.getByRole('group', { name: 'Condition 2' });
    await user.selectOptions(within(c2).getByRole('combobox', { name: 'Condition 2: Attribute' }), 'Tags');
    await user.selectOptions(
      within(c2).getByRole('combobox', { name: 'Condition 2: Operator' }),
      'contains none of',
    );
    await user.type(within(c2).getByRole('textbox', { name: 'Condition 2: Value' }), 'spam, test');

    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    const c3 = screen.getByRole('group', { name: 'Condition 3' });
    await user.selectOptions(
      within(c3).getByRole('combobox', { name: 'Condition 3: Attribute' }),
      'Escalation time',
    );
    await user.selectOptions(
      within(c3).getByRole('combobox', { name: 'Condition 3: Operator' }),
      'within next',
    );
    await user.type(within(c3).getByRole('spinbutton', { name: 'Condition 3: Value' }), '30');
    await user.selectOptions(within(c3).getByRole('combobox', { name: 'Condition 3: Unit' }), 'minute(s)');

    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    const c4 = screen.getByRole('group', { name: 'Condition 4' });
    await user.selectOptions(
      within(c4).getByRole('combobox', { name: 'Condition 4: Attribute' }),
      'EOSC service',
    );
    await user.selectOptions(within(c4).getByRole('listbox', { name: 'Condition 4: Value' }), 'B2SHARE');

    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(latestErrors).toEqual([]);
    expect(latest).toEqual({
      'ticket.owner_id': { operator: 'is', pre_condition: 'current_user.id' },
      'ticket.tags': { operator: 'contains one not', value: ['spam', 'test'] },
      'ticket.escalation_at': { operator: 'within next (relative)', value: 30, range: 'minute' },
      'ticket.eosc_service': { operator: 'is', value: ['b2share'] },
    });
  });

  it('marks incomplete conditions and lets one be removed', async () => {
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    const c2 = screen.getByRole('group', { name: 'Condition 2' });
    await user.selectOptions(
      within(c2).getByRole('combobox', { name: 'Condition 2: Attribute' }),
      'Customer',
    );
    await user.type(within(c2).getByRole('textbox', { name: 'Condition 2: Value' }), 'seven');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(latestErrors.map((e) => e.message)).toEqual(['needValue', 'needIds']);
    expect(screen.getByText('Choose or enter at least one value.')).toBeInTheDocument();
    expect(within(c2).getByRole('textbox', { name: 'Condition 2: Value' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(within(c2).getByRole('textbox', { name: 'Condition 2: Value' })).toHaveAccessibleDescription(
      'Enter numeric ids, separated by commas.',
    );

    await user.click(screen.getByRole('button', { name: /^Remove\s*\(Condition 1\)$/ }));
    const left = screen.getByRole('group', { name: 'Condition 1' });
    await user.clear(within(left).getByRole('textbox', { name: 'Condition 1: Value' }));
    await user.type(within(left).getByRole('textbox', { name: 'Condition 1: Value' }), '7, 9');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(latest).toEqual({ 'ticket.customer_id': { operator: 'is', value: [7, 9] } });
  });
});
