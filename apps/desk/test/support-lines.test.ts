// Lines of support (DOMAIN.md): First-Line Support is line 1, EGI Support line 2 and EGI
// Check-in Developers line 3 in the demo data; `Users` is no unit and has no line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

const move = (id: number, body: Record<string, unknown>) =>
  call(desk, 'admin', 'PUT', `/tickets/${id}`, body, { contract: true });

async function history(id: number): Promise<Json[]> {
  return (await call(desk, 'admin', 'GET', `/ticket_history/${id}`)).body.history;
}

describe('moving a ticket between lines of support', () => {
  it('asks for a written summary going up, and records the move', async () => {
    const t = await createTicket(desk, 'admin', {
      group: 'First-Line Support',
      customer: 'customer@example.org',
    });

    const refused = await move(t.id, { group: 'EGI Support' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe(
      'Moving this ticket from the first line to a second-line unit needs a written summary: add an internal note.',
    );
    expect(refused.body.error_human).toBe(refused.body.error);
    // A public answer to the customer is no summary for the next line; nor is an empty note.
    expect(
      (await move(t.id, { group: 'EGI Support', article: { body: 'Forwarded.', internal: false } })).status,
    ).toBe(422);
    expect(
      (await move(t.id, { group: 'EGI Support', article: { body: '<p> </p>', internal: true } })).status,
    ).toBe(422);
    // Nothing moved.
    expect((await call(desk, 'admin', 'GET', `/tickets/${t.id}`)).body.group_id).toBe(t.group_id);

    const moved = await move(t.id, {
      group: 'EGI Support',
      article: {
        body: 'Check-in login fails for users of one IdP since 08:00; logs attached.',
        internal: true,
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.article_count).toBe(2);
    const rows = await history(t.id);
    expect(rows.find((h) => h.attribute === 'group')).toMatchObject({
      type: 'updated',
      value_from: 'First-Line Support',
      value_to: 'EGI Support',
    });
    expect(rows.find((h) => h.attribute === 'support_line')).toMatchObject({
      type: 'updated',
      value_from: '1',
      value_to: '2',
    });

    // On to the developers: another summary.
    const up = await move(t.id, { group: 'EGI Check-in Developers' });
    expect(up.body.error).toBe(
      'Moving this ticket from the second line to a third-line unit needs a written summary: add an internal note.',
    );
    expect(
      (
        await move(t.id, {
          group: 'EGI Check-in Developers',
          article: { body: 'Reproduced: the IdP sends no eduPersonUniqueId.', internal: true },
        })
      ).status,
    ).toBe(200);

    // Back down: a reason, public or internal.
    const down = await move(t.id, { group: 'EGI Support' });
    expect(down.status).toBe(422);
    expect(down.body.error).toBe(
      'Moving this ticket from the third line to a second-line unit needs a reason: add a note saying why it goes back.',
    );
    const back = await move(t.id, {
      group: 'First-Line Support',
      article: { body: 'Fixed in release 4.2; please confirm with the user.', internal: false, type: 'note' },
    });
    expect(back.status).toBe(200);
    expect(
      (await history(t.id)).filter((h) => h.attribute === 'support_line').map((h) => h.value_to),
    ).toEqual(['2', '3', '1']);
  });

  it('leaves moves without lines alone, as in Zammad', async () => {
    const t = await createTicket(desk, 'admin', { group: 'Users', customer: 'customer@example.org' });
    expect((await move(t.id, { group: 'EGI Support' })).status).toBe(200);
    expect((await move(t.id, { group: 'EUDAT Support' })).status).toBe(200); // line 2 → line 2
    expect((await move(t.id, { group: 'Users' })).status).toBe(200);
    expect((await move(t.id, { title: 'No group change' })).status).toBe(200);
  });

  it('applies to bulk moves too', async () => {
    const t = await createTicket(desk, 'admin', {
      group: 'First-Line Support',
      customer: 'customer@example.org',
    });
    const bulk = await call(desk, 'admin', 'POST', '/tickets/mass_update', {
      ticket_ids: [t.id],
      attributes: { group: 'EGI Support' },
    });
    expect(bulk.status).toBe(422);
    expect(bulk.body).toMatchObject({ error: true, ticket_id: t.id });
    expect(bulk.body.error_human).toContain('needs a written summary');
  });
});
