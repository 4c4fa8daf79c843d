import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, loadActor } from '../domain/actor.ts';
import { createCommunity } from '../domain/communities.ts';
import { changeAnswerState, createAnswer } from '../domain/knowledge-base/answers.ts';
import { createCategory } from '../domain/knowledge-base/categories.ts';
import { loadKbData } from '../domain/knowledge-base/data.ts';
import { createAttribute, executeMigrations } from '../domain/object-manager.ts';
import { createService, SERVICE_ATTRIBUTE, syncServiceAttribute } from '../domain/services.ts';
import { addTags } from '../domain/tags.ts';
import { seedServiceLevels } from './service-levels.ts';

/*
 * The EOSC part of the demo data: support groups per provider, the service catalogue, the two
 * EOSC ticket attributes (created and migrated through the object manager, so they are real
 * columns) and a knowledge base a researcher would recognise. Runs inside seedDemo's transaction.
 */

const GROUPS = [
  {
    name: 'EOSC Portal Support',
    note: 'Second line for the EOSC Portal and Marketplace.',
    email: 'portal-support@helpdesk.example.org',
  },
  {
    name: 'EGI Support',
    note: 'Second line for EGI services: Check-in, Cloud Compute, DataHub.',
    email: 'egi-support@helpdesk.example.org',
  },
  {
    name: 'EUDAT Support',
    note: 'Second line for EUDAT CDI services: B2SHARE, B2DROP.',
    email: 'eudat-support@helpdesk.example.org',
  },
  {
    name: 'OpenAIRE Support',
    note: 'Second line for OpenAIRE services and Zenodo.',
    email: 'openaire-support@helpdesk.example.org',
  },
];

const SERVICES = [
  {
    key: 'eosc-marketplace',
    name: 'EOSC Marketplace',
    provider: 'EOSC Association',
    group: 'EOSC Portal Support',
    description: 'Discover, order and access research services and resources offered in EOSC.',
  },
  {
    key: 'egi-check-in',
    name: 'EGI Check-in (AAI)',
    provider: 'EGI Foundation',
    group: 'EGI Support',
    description: 'Federated login with your home institution, ORCID or a social account for EOSC services.',
  },
  {
    key: 'egi-cloud-compute',
    name: 'EGI Cloud Compute',
    provider: 'EGI Foundation',
    group: 'EGI Support',
    description: 'Virtual machines on a federation of academic clouds, for data analysis and services.',
  },
  {
    key: 'egi-datahub',
    name: 'EGI DataHub',
    provider: 'EGI Foundation',
    group: 'EGI Support',
    description: 'Distributed data access and replication across EGI sites.',
  },
  {
    key: 'b2share',
    name: 'B2SHARE',
    provider: 'EUDAT CDI',
    group: 'EUDAT Support',
    description: 'Store and publish research data with persistent identifiers.',
  },
  {
    key: 'b2drop',
    name: 'B2DROP',
    provider: 'EUDAT CDI',
    group: 'EUDAT Support',
    description: 'Sync and share working files with colleagues, up to 20 GB per user.',
  },
  {
    key: 'openaire-explore',
    name: 'OpenAIRE Explore',
    provider: 'OpenAIRE',
    group: 'OpenAIRE Support',
    description: 'Search the research graph: publications, datasets, software and projects.',
  },
  {
    key: 'zenodo',
    name: 'Zenodo',
    provider: 'CERN / OpenAIRE',
    group: 'OpenAIRE Support',
    description: 'General-purpose repository: deposit papers, data and software and get a DOI.',
  },
];

type State = 'draft' | 'internal' | 'published' | 'archived';
interface SeedAnswer {
  title: string;
  body: string;
  state: State;
  de?: { title: string; body: string };
  tags?: string[];
}
interface SeedCategory {
  title: string;
  de: string;
  icon: string;
  answers: SeedAnswer[];
  children?: SeedCategory[];
}

const KB: SeedCategory[] = [
  {
    title: 'Getting started with EOSC',
    de: 'Erste Schritte mit EOSC',
    icon: 'f135',
    answers: [
      {
        title: 'What is the EOSC Helpdesk?',
        state: 'published',
        body: '<p>The EOSC Helpdesk is the single entry point for questions and problems with services in the European Open Science Cloud. A first-line team reads every new ticket within one working day, asks for missing details and solves what it can; otherwise it passes the ticket to the support unit of the service concerned.</p>',
        de: {
          title: 'Was ist der EOSC Helpdesk?',
          body: '<p>Der EOSC Helpdesk ist die zentrale Anlaufstelle für Fragen und Probleme mit Diensten der European Open Science Cloud. Ein First-Line-Team sichtet jedes neue Ticket innerhalb eines Arbeitstages.</p>',
        },
        tags: ['helpdesk'],
      },
      {
        title: 'How to request a service',
        state: 'published',
        body: '<p>To ask for access to a service, or for more resources, open a ticket of type <strong>Service request</strong> and choose the service from the list. Describe what you need, for whom and until when.</p><ol><li>Sign in with your institution.</li><li>Choose <em>New request</em>.</li><li>Pick the service and the type <em>Service request</em>.</li></ol><p>The request goes straight to the team that runs the service.</p>',
        de: {
          title: 'Wie beantrage ich einen Dienst?',
          body: '<p>Um Zugang zu einem Dienst oder mehr Ressourcen zu erhalten, eröffnen Sie ein Ticket vom Typ <strong>Service Request</strong> und wählen den Dienst aus der Liste.</p>',
        },
        tags: ['service request'],
      },
      {
        title: 'How priorities work',
        state: 'published',
        body: '<p>Priorities follow the EOSC triage rules:</p><ul><li><strong>Less urgent</strong>: a wish or a question.</li><li><strong>Urgent</strong>: the service is degraded but a workaround exists.</li><li><strong>Very urgent</strong>: the service is degraded and there is no workaround.</li><li><strong>Top priority</strong>: the service is interrupted.</li></ul><p>Priority rises with the number of users affected (more than 5, more than 50) and with a security risk; an imminent security risk goes to the top at once.</p>',
        tags: ['priority'],
      },
      {
        title: 'Triage checklist for the first line',
        state: 'internal',
        body: '<p>For every new ticket: classify it (incident or service request), set the service, set the priority following the triage rules, and assign it to the support unit within one working day. Look at every open ticket again at least every five working days.</p>',
      },
    ],
  },
  {
    title: 'Accounts and access (AAI)',
    de: 'Konten und Zugang (AAI)',
    icon: 'f084',
    answers: [
      {
        title: 'How to log in with your institution',
        state: 'published',
        body: '<p>EOSC services use federated login. Choose <em>Sign in</em>, search for your university or research organisation and log in with your usual institutional account. If your institution is not listed, you can use ORCID or a social account instead.</p>',
        de: {
          title: 'Anmeldung mit Ihrer Einrichtung',
          body: '<p>EOSC-Dienste nutzen föderierte Anmeldung. Wählen Sie <em>Anmelden</em>, suchen Sie Ihre Universität oder Forschungseinrichtung und melden Sie sich mit Ihrem gewohnten Konto an.</p>',
        },
        tags: ['login', 'aai'],
      },
      {
        title: "Login fails with 'access denied'",
        state: 'published',
        body: '<p>Most often your institution does not release the attributes the service needs (name, e-mail address, affiliation). Try again in a private browser window; if it still fails, open an incident for <strong>EGI Check-in (AAI)</strong> and add the time of the attempt and the name of your institution.</p>',
        tags: ['login', 'aai'],
      },
      {
        title: 'Linking several identities to one account',
        state: 'draft',
        body: '<p>Draft: how to link your institutional, ORCID and social identities to the same EOSC account.</p>',
      },
    ],
  },
  {
    title: 'Compute and storage',
    de: 'Rechnen und Speichern',
    icon: 'f233',
    answers: [
      {
        title: 'Requesting cloud compute resources',
        state: 'published',
        body: '<p>Cloud compute is allocated per project. Open a service request for <strong>EGI Cloud Compute</strong> with the number of virtual CPUs, memory and storage you need, the duration, and a short description of your research.</p>',
      },
      {
        title: 'What to do when a service is degraded',
        state: 'published',
        body: '<p>If a service is slow or partly unavailable, check the service status page first. If the problem is not known yet, open an <strong>incident</strong>: say what you tried, when it started, how many people are affected, and whether you have a workaround. This sets the priority of your ticket.</p>',
        de: {
          title: 'Was tun, wenn ein Dienst gestört ist?',
          body: '<p>Wenn ein Dienst langsam oder teilweise nicht erreichbar ist, prüfen Sie zuerst die Statusseite. Ist das Problem noch nicht bekannt, melden Sie einen <strong>Incident</strong>.</p>',
        },
        tags: ['incident'],
      },
      {
        title: 'Storage quotas and extensions',
        state: 'published',
        body: '<p>Each project starts with a default storage quota. To extend it, open a service request for the storage service with the extra space you need and until when.</p>',
      },
    ],
  },
  {
    title: 'Data services',
    de: 'Datendienste',
    icon: 'f1c0',
    answers: [
      {
        title: 'Sharing files with B2DROP',
        state: 'published',
        body: '<p>B2DROP keeps your working files in sync between your computers and lets you share folders with colleagues. Each user has 20 GB.</p>',
      },
      {
        title: 'Migrating from the legacy repository (2023)',
        state: 'archived',
        body: '<p>The legacy repository was retired in 2023; its records were migrated with their identifiers.</p>',
      },
    ],
    children: [
      {
        title: 'Publishing data',
        de: 'Daten veröffentlichen',
        icon: 'f093',
        answers: [
          {
            title: 'Publishing a dataset with a DOI',
            state: 'published',
            body: '<p>Repositories such as B2SHARE and Zenodo give every published record a DOI. Upload your files, describe them with a title, authors, licence and keywords, then publish. A published record cannot be deleted, but you can add new versions.</p>',
            tags: ['doi'],
          },
        ],
      },
    ],
  },
];

const EN = 1;
const DE = 2;

async function seedCategory(db: Db, actor: Actor, cat: SeedCategory, parentId: number | null): Promise<void> {
  const data = await loadKbData(db, 1);
  const id = await createCategory(db, data, actor.user.id, {
    parent_id: parentId,
    category_icon: cat.icon,
    translations_attributes: [
      { title: cat.title, kb_locale_id: EN },
      { title: cat.de, kb_locale_id: DE },
    ],
  });
  for (const a of cat.answers) {
    const translations = [{ title: a.title, kb_locale_id: EN, content_attributes: { body: a.body } }];
    if (a.de)
      translations.push({ title: a.de.title, kb_locale_id: DE, content_attributes: { body: a.de.body } });
    const created = await createAnswer(db, await loadKbData(db, 1), actor.user.id, {
      category_id: id,
      translations_attributes: translations,
    });
    if (a.state === 'internal') await changeAnswerState(db, created.id, actor.user.id, 'internal');
    if (a.state === 'published' || a.state === 'archived')
      await changeAnswerState(db, created.id, actor.user.id, 'publish');
    if (a.state === 'archived') await changeAnswerState(db, created.id, actor.user.id, 'archive');
    if (a.tags) await addTags(db, actor, 'KnowledgeBase::Answer', created.id, a.tags);
  }
  for (const child of cat.children ?? []) await seedCategory(db, actor, child, id);
}

/**
 * The support groups, each with its own support address on the desk's mail channel (a mail to it
 * opens a ticket in that unit): the demo admin in all, the demo agent in EGI Support.
 */
async function seedSupportGroups(db: Db, adminId: number, agentId: number | undefined): Promise<void> {
  for (const g of GROUPS) {
    const address = (await one<{ id: number }>(
      db,
      'INSERT INTO email_addresses (name, email, channel_id) VALUES ($1, $2, 1) RETURNING id',
      [g.name, g.email],
    )) as { id: number };
    const row = (await one<{ id: number }>(
      db,
      'INSERT INTO groups (name, name_last, note, email_address_id) VALUES ($1, $1, $2, $3) RETURNING id',
      [g.name, g.note, address.id],
    )) as { id: number };
    const members = agentId !== undefined && g.name === 'EGI Support' ? [adminId, agentId] : [adminId];
    for (const userId of members)
      await db.query(`INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, $2, 'full')`, [
        userId,
        row.id,
      ]);
  }
}

/** A select attribute on tickets, shown on create and edit to customers and agents. */
function ticketSelect(
  name: string,
  display: string,
  options: Record<string, string>,
  opts: { customerMustChoose: boolean; translate: boolean; position: number },
) {
  const shown = (required: boolean) => ({ shown: true, required });
  return {
    object: 'Ticket',
    name,
    display,
    data_type: 'select',
    data_option: { options, default: '', null: true, nulloption: true, translate: opts.translate },
    screens: {
      create_middle: { 'ticket.customer': shown(opts.customerMustChoose), 'ticket.agent': shown(false) },
      edit: { 'ticket.customer': shown(false), 'ticket.agent': shown(false) },
    },
    position: opts.position,
  };
}

/** The two EOSC ticket attributes, migrated into real columns; the service one mirrors the catalogue. */
async function seedTicketAttributes(db: Db, adminId: number): Promise<void> {
  const types = { incident: 'Incident', service_request: 'Service request' };
  const services = Object.fromEntries(SERVICES.map((s) => [s.key, s.name]));
  await createAttribute(
    db,
    adminId,
    ticketSelect('eosc_ticket_type', 'Ticket type', types, {
      customerMustChoose: true,
      translate: true,
      position: 15,
    }),
  );
  await createAttribute(
    db,
    adminId,
    ticketSelect(SERVICE_ATTRIBUTE, 'Service', services, {
      customerMustChoose: false,
      translate: false,
      position: 16,
    }),
  );
  await executeMigrations(db);
  await syncServiceAttribute(db);
}

/** Adds the EOSC catalogue, attributes and knowledge base to the demo data (inside seedDemo). */
export async function seedEoscCatalogue(db: Db): Promise<void> {
  const admin = await one<{ id: number }>(db, `SELECT id FROM users WHERE login = 'admin@example.org'`);
  const agent = await one<{ id: number }>(db, `SELECT id FROM users WHERE login = 'agent@example.org'`);
  if (!admin) throw new Error('seedEoscCatalogue needs the demo admin');
  const actor = (await loadActor(db, admin.id)) as Actor;
  await seedSupportGroups(db, admin.id, agent?.id);
  for (const s of SERVICES) await createService(db, admin.id, s);
  await seedTicketAttributes(db, admin.id);
  for (const cat of KB) await seedCategory(db, actor, cat, null);
  await seedServiceLevels(db, admin.id);
  await seedDemoCommunity(db, admin.id);
}

/**
 * One community working in the helpdesk directly (issue 16, path 3): EUDAT with its support unit
 * and its two services, and a branded portal at /c/eudat.
 */
async function seedDemoCommunity(db: Db, adminId: number): Promise<void> {
  const unit = await one<{ id: number }>(db, `SELECT id FROM groups WHERE name = 'EUDAT Support'`);
  const services = await db.query<{ id: number }>(
    `SELECT id FROM eosc_services WHERE key IN ('b2share', 'b2drop') ORDER BY id`,
  );
  await createCommunity(db, adminId, {
    name: 'EUDAT',
    slug: 'eudat',
    display_name: 'EUDAT Collaborative Data Infrastructure',
    primary_color: '#0b3d91',
    accent_color: '#f39c12',
    group_ids: unit ? [unit.id] : [],
    service_ids: services.map((r) => r.id),
  });
}
