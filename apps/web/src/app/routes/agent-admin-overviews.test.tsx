import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildAgent } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const EXISTING = {
  id: 5,
  name: 'Open Tickets',
  link: 'all_open',
  prio: 1,
  active: true,
  role_ids: [2],
  condition: { 'ticket.state_id': { operator: 'is', value: [1, 2] } },
  order: { by: 'created_at', direction: 'ASC' },
  group_by: null,
  group_direction: null,
  view: { s: ['number', 'title'], m: ['number', 'title'] },
};

function adminHandlers(posts: unknown[]) {
  server.use(
    http.get('/bff/agent/admin/overviews', () => HttpResponse.json({ items: [EXISTING] })),
    http.get('/bff/agent/admin/roles', () =>
      HttpResponse.json({
        items: [
          { id: 1, name: 'Admin' },
          { id: 2, name: 'Agent' },
        ],
      }),
    ),
    http.post('/bff/agent/admin/overviews', async ({ request }) => {
      const body = (await request.json()) as { name: string };
      posts.push(body);
      if (posts.length === 1)
        return bffError(422, 'invalid', "Invalid condition: 'ticket.tags' needs a value");
      return HttpResponse.json({ ...EXISTING, ...body, id: 9 }, { status: 201 });
    }),
  );
}

describe('overview administration page', () => {
  it('creates an overview; a refused save keeps what was typed and says why', async () => {
    signInAs(buildAgent({ is_admin: true, roles: ['Admin', 'Agent'] }));
    const posts: unknown[] = [];
    adminHandlers(posts);
    const { user } = renderApp('/agent/admin/overviews');

    expect(await screen.findByRole('heading', { level: 1, name: 'Overviews' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Open Tickets/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New overview' }));
    const form = screen.getByRole('form', { name: 'New overview' });

    await user.click(within(form).getByRole('button', { name: 'Save overview' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(
      'Give the overview a name.',
    );
    expect(posts).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'EUDAT incidents');
    expect(within(form).getByRole('checkbox', { name: 'Agent' })).toBeChecked();
    await user.click(within(form).getByRole('button', { name: 'Add condition' }));
    await user.selectOptions(within(form).getByRole('listbox', { name: 'Condition 1: Value' }), ['open']);
    await user.click(within(form).getByRole('button', { name: 'Save overview' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      "Invalid condition: 'ticket.tags' needs a value",
    );
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('EUDAT incidents');
    expect(within(form).getByRole('listbox', { name: 'Condition 1: Value' })).toHaveValue(['2']);

    await user.click(within(form).getByRole('button', { name: 'Save overview' }));
    expect(await screen.findByText('Overview “EUDAT incidents” saved.')).toBeInTheDocument();
    expect(posts[1]).toMatchObject({
      name: 'EUDAT incidents',
      role_ids: [2],
      condition: { 'ticket.state_id': { operator: 'is', value: [2] } },
      order: { by: 'created_at', direction: 'ASC' },
    });
  });

  it('is forbidden to agents without the permission, and the inbox has no link for them', async () => {
    signInAs(buildAgent());
    server.use(
      http.get('/bff/agent/admin/overviews', () => bffError(403, 'forbidden', 'Not authorized')),
      http.get('/bff/agent/admin/roles', () => HttpResponse.json({ items: [] })),
    );
    renderApp('/agent/admin/overviews');
    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
    expect(db.sessionUser?.is_admin).toBe(false);
  });

  it('shows admins the link from the inbox', async () => {
    signInAs(buildAgent({ is_admin: true }));
    renderApp('/agent');
    const admin = await screen.findByRole('navigation', { name: 'Administration' });
    expect(within(admin).getByRole('link', { name: 'Manage overviews' })).toHaveAttribute(
      'href',
      '/agent/admin/overviews',
    );
    expect(within(admin).getByRole('link', { name: 'Knowledge base editor' })).toHaveAttribute(
      'href',
      '/agent/kb',
    );
  });
});
