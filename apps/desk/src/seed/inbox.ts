import type { Db } from '../db/client.ts';

/**
 * Demo text modules for EOSC support agents (`::keyword` in the reply composer). Zammad's
 * standard overviews are seeded by migration 0007 in every installation, not here.
 * Runs inside seedDemo's transaction; `firstLineGroupId` limits the escalation module to the
 * group that escalates.
 */
export async function seedInboxDemo(db: Db, firstLineGroupId: number): Promise<void> {
  const modules: { name: string; keywords: string; content: string; groups?: number[] }[] = [
    {
      name: 'Greeting',
      keywords: 'hello greeting hi',
      content: '<p>Dear #{ticket.customer.firstname},</p><p>thank you for contacting EOSC support.</p>',
    },
    {
      name: 'Ask for details',
      keywords: 'details info more',
      content:
        '<p>To help you further, could you please send us:</p><ul><li>the EOSC service you were using,</li><li>the exact error message or a screenshot,</li><li>the date and time the problem occurred.</li></ul>',
    },
    {
      name: 'Closing',
      keywords: 'bye closing regards',
      content:
        '<p>We consider this request solved. If the problem comes back, simply reply to this message and the ticket reopens.</p><p>Kind regards,<br>EOSC Helpdesk</p>',
    },
    {
      name: 'Escalation to second line',
      keywords: 'escalate second line',
      content:
        '<p>Your request needs the attention of the service provider. We have forwarded it to the second-line support team of the service, who will get back to you.</p>',
      groups: [firstLineGroupId],
    },
  ];
  for (const m of modules) {
    const row = await db.query<{ id: number }>(
      `INSERT INTO text_modules (name, keywords, content) VALUES ($1, $2, $3) RETURNING id`,
      [m.name, m.keywords, m.content],
    );
    const id = row[0]?.id;
    if (id !== undefined && m.groups)
      await db.query(
        'INSERT INTO groups_text_modules (text_module_id, group_id) SELECT $1, unnest($2::int[])',
        [id, m.groups],
      );
  }
}
