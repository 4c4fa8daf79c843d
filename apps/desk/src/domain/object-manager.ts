/**
 * Zammad's object manager: attribute definitions per object. A custom attribute is only a
 * definition (`to_create`) until migrations execute; then it is a real column of the object's
 * table (custom-fields.ts reads and writes the ticket values).
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { forgetCustomFields, identifier, NAME, RESERVED } from './custom-fields.ts';
import { InvalidError, NotFoundError } from './errors.ts';
import { tableColumns } from './records.ts';
import type { Row } from './shapes.ts';

export const OBJECT_TABLES: Record<string, string> = {
  Ticket: 'tickets',
  User: 'users',
  Organization: 'organizations',
  Group: 'groups',
};

export const DATA_TYPES = [
  'input',
  'textarea',
  'richtext',
  'select',
  'multiselect',
  'tree_select',
  'multi_tree_select',
  'boolean',
  'integer',
  'date',
  'datetime',
  'user_autocompletion',
  'autocompletion_ajax',
  'autocompletion_ajax_external_data_source',
] as const;
type DataType = (typeof DATA_TYPES)[number];

interface AttributeRow extends Row {
  id: number;
  object: string;
  name: string;
  data_type: string;
  data_option: Row;
  data_option_new: Row;
  editable: boolean;
  to_create: boolean;
  to_delete: boolean;
  to_config: boolean;
}

/** The reply shape: Zammad's attribute columns plus `object`, `deletable` and a reason. */
export function serializeAttribute(row: Row): Row {
  const out: Row = { ...row };
  out.deletable = row.editable === true;
  if (!out.deletable) out.not_deletable_reason = 'This attribute is a core attribute and cannot be deleted.';
  return out;
}

export async function listAttributes(db: Db): Promise<Row[]> {
  const rows = await db.query<Row>(
    `SELECT * FROM object_manager_attributes
      ORDER BY CASE object WHEN 'Ticket' THEN 1 WHEN 'User' THEN 2 WHEN 'Organization' THEN 3 ELSE 4 END,
               position, id`,
  );
  return rows.map(serializeAttribute);
}

export async function loadAttribute(db: Db, id: number): Promise<AttributeRow> {
  const row = await one<AttributeRow>(db, 'SELECT * FROM object_manager_attributes WHERE id = $1', [id]);
  if (!row) throw new NotFoundError('ObjectManager::Attribute', id);
  return row;
}

function asObject(v: unknown, param: string): Row {
  if (v === undefined || v === null || v === '') return {};
  if (typeof v === 'string') {
    try {
      const parsed = JSON.parse(v);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Row;
    } catch {
      // fall through to the error below
    }
  }
  if (typeof v === 'object' && !Array.isArray(v)) return v as Row;
  throw new InvalidError(`Invalid value for param '${param}'`);
}

function objectName(v: unknown): string {
  if (typeof v !== 'string' || !(v in OBJECT_TABLES))
    throw new InvalidError(`Invalid value for param 'object': ${JSON.stringify(v ?? null)}`);
  return v;
}

/** Checks a data_option for its data_type and fills Zammad's defaults (null, default, options, relation). */
function normalizeDataOption(dataType: DataType, raw: Row): Row {
  const opt: Row = { null: true, default: '', options: {}, relation: '', ...raw };
  const need = (key: string) => {
    if (raw[key] === undefined || raw[key] === null || raw[key] === '')
      throw new InvalidError(`Data option must have '${key}' value.`);
  };
  switch (dataType) {
    case 'input':
      need('type');
      need('maxlength');
      if (!['text', 'email', 'tel', 'url', 'password'].includes(String(raw.type)))
        throw new InvalidError("Data option must have 'type' one of text, email, tel, url.");
      break;
    case 'textarea':
    case 'richtext':
      need('maxlength');
      break;
    case 'select':
    case 'multiselect':
    case 'tree_select':
    case 'multi_tree_select': {
      const o = raw.options;
      const ok =
        (Array.isArray(o) && o.length > 0) ||
        (o !== null && typeof o === 'object' && Object.keys(o as Row).length > 0);
      if (!ok) throw new InvalidError("Data option must have 'options' value.");
      break;
    }
    case 'boolean':
      if (raw.options === undefined) opt.options = { true: 'yes', false: 'no' };
      if (raw.default === undefined) opt.default = false;
      break;
    case 'integer':
      need('min');
      need('max');
      break;
    case 'date':
    case 'datetime':
      if (raw.diff === undefined) opt.diff = null;
      break;
    default:
      break;
  }
  return opt;
}

/** The column type a migration gives each data type. */
function columnType(dataType: string): string {
  switch (dataType) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'user_autocompletion':
      return 'integer';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz(3)';
    case 'multiselect':
    case 'multi_tree_select':
      return 'jsonb';
    default:
      return 'text';
  }
}

async function assertNameUsable(db: Db, object: string, name: unknown): Promise<string> {
  if (typeof name !== 'string' || name === '')
    throw new InvalidError("The required value 'name' is missing.");
  if (!NAME.test(name))
    throw new InvalidError(
      'Name must start with a lowercase letter and contain only lowercase letters, digits and underscores (at most 60).',
    );
  if (/_ids?$/.test(name))
    throw new InvalidError(`Name '${name}' is not allowed: *_id and *_ids are reserved.`);
  if (RESERVED.has(name)) throw new InvalidError(`Name '${name}' is a reserved word.`);
  const existing = await one(db, 'SELECT 1 FROM object_manager_attributes WHERE object = $1 AND name = $2', [
    object,
    name,
  ]);
  if (existing) throw new InvalidError(`An attribute '${name}' for ${object} already exists.`);
  const table = OBJECT_TABLES[object] as string;
  if ((await tableColumns(db, table)).includes(name))
    throw new InvalidError(`Name '${name}' is a reserved word.`);
  return name;
}

function dataTypeOf(v: unknown): DataType {
  if (typeof v !== 'string' || !(DATA_TYPES as readonly string[]).includes(v))
    throw new InvalidError(`Invalid value for param 'data_type': ${JSON.stringify(v ?? null)}`);
  return v as DataType;
}

/** `POST /object_manager_attributes`: a pending attribute (`to_create`) until migrations run. */
/** An attribute definition as sent: `active` already cast (http/input.ts). */
export interface AttributeInput extends Row {
  active?: boolean | null;
}

export async function createAttribute(db: Db, actorId: number, input: AttributeInput): Promise<Row> {
  const object = objectName(input.object);
  const name = await assertNameUsable(db, object, input.name);
  const dataType = dataTypeOf(input.data_type);
  const dataOption = normalizeDataOption(dataType, asObject(input.data_option, 'data_option'));
  const display = typeof input.display === 'string' && input.display.trim() ? input.display.trim() : name;
  const screens = asObject(input.screens, 'screens');
  const position = input.position === undefined || input.position === '' ? 1500 : Number(input.position);
  if (!Number.isSafeInteger(position)) throw new InvalidError("Invalid value for param 'position'");
  const active = input.active ?? true;
  const row = await one<Row>(
    db,
    `INSERT INTO object_manager_attributes
       (object, name, display, data_type, data_option, data_option_new, editable, active, screens,
        to_create, to_migrate, position, created_by_id, updated_by_id)
     VALUES ($1, $2, $3, $4, $5, '{}', true, $6, $7, true, true, $8, $9, $9) RETURNING *`,
    [
      object,
      name,
      display,
      dataType,
      JSON.stringify(dataOption),
      active,
      JSON.stringify(screens),
      position,
      actorId,
    ],
  );
  return serializeAttribute(row as Row);
}

/**
 * `PUT /object_manager_attributes/:id`: display, screens, position and active apply at once;
 * a changed data_option waits in `data_option_new` (`to_config`) until migrations execute,
 * unless the attribute is still pending creation.
 */
export async function updateAttribute(
  db: Db,
  actorId: number,
  id: number,
  input: AttributeInput,
): Promise<Row> {
  const current = await one<AttributeRow>(
    db,
    'SELECT * FROM object_manager_attributes WHERE id = $1 FOR UPDATE',
    [id],
  );
  const object = objectName(input.object);
  if (!current || current.object !== object || current.name !== input.name)
    throw new InvalidError(`An attribute '${String(input.name)}' for ${object} does not exist.`);
  if (!current.editable)
    throw new InvalidError(`Attribute '${current.name}' is a core attribute and cannot be changed.`);
  const dataType =
    input.data_type === undefined ? (current.data_type as DataType) : dataTypeOf(input.data_type);
  if (dataType !== current.data_type && !current.to_create)
    throw new InvalidError(
      "Can't be changed data_type of attribute. Drop the attribute and recreate it with new data_type.",
    );
  const sets: string[] = [];
  const values: unknown[] = [];
  const set = (col: string, v: unknown) => {
    values.push(v);
    sets.push(`${col} = $${values.length}`);
  };
  if (typeof input.display === 'string' && input.display.trim()) set('display', input.display.trim());
  if (input.screens !== undefined) set('screens', JSON.stringify(asObject(input.screens, 'screens')));
  if (input.position !== undefined && input.position !== '') {
    const position = Number(input.position);
    if (!Number.isSafeInteger(position)) throw new InvalidError("Invalid value for param 'position'");
    set('position', position);
  }
  if (input.active !== undefined && input.active !== null) set('active', input.active);
  if (input.data_option !== undefined) {
    const opt = normalizeDataOption(dataType, asObject(input.data_option, 'data_option'));
    if (current.to_create) {
      set('data_option', JSON.stringify(opt));
      set('data_type', dataType);
    } else {
      set('data_option_new', JSON.stringify(opt));
      set('to_config', true);
      set('to_migrate', true);
    }
  }
  values.push(actorId);
  sets.push(`updated_by_id = $${values.length}`, 'updated_at = now()');
  values.push(id);
  const row = await one<Row>(
    db,
    `UPDATE object_manager_attributes SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING *`,
    values,
  );
  return serializeAttribute(row as Row);
}

/** `DELETE`: a pending attribute disappears; a migrated one waits for migrations (`to_delete`). */
export async function deleteAttribute(db: Db, id: number): Promise<void> {
  const row = await loadAttribute(db, id);
  if (!row.editable)
    throw new InvalidError(`Attribute '${row.name}' is a core attribute and cannot be deleted.`);
  if (row.to_create) await db.query('DELETE FROM object_manager_attributes WHERE id = $1', [id]);
  else
    await db.query(
      'UPDATE object_manager_attributes SET to_delete = true, to_migrate = true, updated_at = now() WHERE id = $1',
      [id],
    );
}

/**
 * `POST /object_manager_attributes_execute_migrations`: adds and drops the real columns and
 * applies pending option changes, in one transaction.
 */
export async function executeMigrations(db: Db): Promise<void> {
  await db.tx(async (tx) => {
    const pending = await tx.query<AttributeRow>(
      'SELECT * FROM object_manager_attributes WHERE to_create OR to_delete OR to_config ORDER BY id FOR UPDATE',
    );
    for (const attr of pending) {
      const table = OBJECT_TABLES[attr.object];
      if (!table) continue;
      const column = identifier(attr.name);
      if (attr.to_delete) {
        await tx.exec(`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${column}`);
        await tx.query('DELETE FROM object_manager_attributes WHERE id = $1', [attr.id]);
        continue;
      }
      if (attr.to_create) {
        await tx.exec(
          `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${columnType(attr.data_type)}`,
        );
      }
      await tx.query(
        `UPDATE object_manager_attributes
            SET data_option = CASE WHEN to_config THEN data_option_new ELSE data_option END,
                data_option_new = '{}', to_create = false, to_migrate = false, to_config = false,
                updated_at = now()
          WHERE id = $1`,
        [attr.id],
      );
    }
  });
  forgetCustomFields(db);
}

/** `POST /object_manager_attributes_discard_changes`: forgets everything not yet migrated. */
export async function discardChanges(db: Db): Promise<void> {
  await db.tx(async (tx) => {
    await tx.query('DELETE FROM object_manager_attributes WHERE to_create');
    await tx.query(
      `UPDATE object_manager_attributes
          SET to_delete = false, to_config = false, to_migrate = false, data_option_new = '{}'
        WHERE to_delete OR to_config OR to_migrate`,
    );
  });
  forgetCustomFields(db);
}
