import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { DEFAULT_BUSINESS_HOURS } from '../domain/sla/calendars.ts';
import { syncQosSlas } from '../domain/sla/qos.ts';
import { OPEN_TICKETS_SQL, recomputeEscalations } from '../domain/sla/recompute.ts';

/*
 * The EOSC service levels of the demo data: the fourth EOSC priority, the "EOSC working hours"
 * calendar (Brussels, with Belgian and EU public holidays), the support units with their
 * quality-of-support levels and lines, and the SLAs the levels promise. Runs inside seedDemo's
 * transaction, after the groups exist.
 */

/** Easter Sunday (Gregorian; the anonymous algorithm), as [month, day]. */
export function easter(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Belgium's ten public holidays and the EU institutions' Europe Day, for the given years. */
export function belgianHolidays(years: number[]): Record<string, { active: true; summary: string }> {
  const out: Record<string, { active: true; summary: string }> = {};
  for (const y of years) {
    const [m, d] = easter(y);
    const fromEaster = (days: number) => iso(new Date(Date.UTC(y, m - 1, d + days)));
    const days: [string, string][] = [
      [`${y}-01-01`, "New Year's Day"],
      [fromEaster(1), 'Easter Monday'],
      [`${y}-05-01`, 'Labour Day'],
      [`${y}-05-09`, 'Europe Day (EU institutions)'],
      [fromEaster(39), 'Ascension Day'],
      [fromEaster(50), 'Whit Monday'],
      [`${y}-07-21`, 'Belgian National Day'],
      [`${y}-08-15`, 'Assumption Day'],
      [`${y}-11-01`, "All Saints' Day"],
      [`${y}-11-11`, 'Armistice Day'],
      [`${y}-12-25`, 'Christmas Day'],
    ];
    for (const [day, summary] of days) out[day] = { active: true, summary };
  }
  return out;
}

export const DEMO_CALENDAR = 'EOSC working hours';

/** The demo units: level, line, mailing list and guide (the groups exist already, but the last). */
const UNITS: {
  name: string;
  level: 'base' | 'medium' | 'advanced';
  line: 1 | 2 | 3;
  list: string;
  guide: string;
  note?: string;
}[] = [
  {
    name: 'First-Line Support',
    level: 'base',
    line: 1,
    list: 'first-line@helpdesk.example.org',
    guide:
      'Every new ticket comes here first. Classify it (incident or service request), set the service and the priority by the triage rules, and assign it to the unit of the service within one working day.',
  },
  {
    name: 'EGI Support',
    level: 'advanced',
    line: 2,
    list: 'support@egi.example.org',
    guide:
      'EGI Check-in, Cloud Compute and DataHub. Login problems: add the time of the attempt and the home institution. Send developer questions on Check-in on to EGI Check-in Developers with a summary.',
  },
  {
    name: 'EUDAT Support',
    level: 'medium',
    line: 2,
    list: 'support@eudat.example.org',
    guide:
      'B2SHARE and B2DROP. Add the record DOI or the account name; quota requests need the project name.',
  },
  {
    name: 'EOSC Portal Support',
    level: 'base',
    line: 2,
    list: 'portal-support@eosc.example.org',
    guide: 'The EOSC Portal and Marketplace: orders, provider onboarding, catalogue entries.',
  },
  {
    name: 'OpenAIRE Support',
    level: 'base',
    line: 2,
    list: 'helpdesk@openaire.example.org',
    guide: 'OpenAIRE Explore and Zenodo. For Zenodo records, add the DOI.',
  },
  {
    name: 'EGI Check-in Developers',
    level: 'advanced',
    line: 3,
    list: 'checkin-dev@egi.example.org',
    guide:
      'Third line: the developers of EGI Check-in. Tickets come only from EGI Support, with a summary of what was tried.',
    note: 'Third line for EGI Check-in (AAI): its developers.',
  },
];

/** Adds the demo's service levels (inside seedDemo, after the EOSC groups). */
export async function seedServiceLevels(db: Db, adminId: number): Promise<void> {
  await db.query(
    `INSERT INTO ticket_priorities (name, default_create, ui_icon, ui_color, note)
     VALUES ('4 top priority', false, 'important', 'high-priority', 'EOSC: the service is interrupted.')
     ON CONFLICT (name) DO NOTHING`,
  );
  await db.query(
    `INSERT INTO calendars (name, timezone, business_hours, public_holidays, "default", note,
                            created_by_id, updated_by_id)
     VALUES ($1, 'Europe/Brussels', $2, $3, true, $4, $5, $5)`,
    [
      DEMO_CALENDAR,
      JSON.stringify(DEFAULT_BUSINESS_HOURS),
      JSON.stringify(belgianHolidays([2026, 2027, 2028])),
      'Monday to Friday, 09:00–17:00 in Brussels; Belgian public holidays and Europe Day.',
      adminId,
    ],
  );
  for (const u of UNITS) {
    let group = await one<{ id: number }>(db, 'SELECT id FROM groups WHERE name = $1', [u.name]);
    if (!group) {
      group = (await one<{ id: number }>(
        db,
        'INSERT INTO groups (name, name_last, note) VALUES ($1, $1, $2) RETURNING id',
        [u.name, u.note ?? null],
      )) as { id: number };
      await db.query(`INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, $2, 'full')`, [
        adminId,
        group.id,
      ]);
    }
    await db.query(
      `UPDATE groups SET support_unit = true, qos_level = $2, support_line = $3, mailing_list = $4,
              assignment_guide = $5 WHERE id = $1`,
      [group.id, u.level, u.line, u.list, u.guide],
    );
  }
  await syncQosSlas(db, adminId);
  const open = await db.query<{ id: number }>(OPEN_TICKETS_SQL);
  await recomputeEscalations(
    db,
    open.map((r) => r.id),
  );
}
