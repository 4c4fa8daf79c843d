/**
 * Support units (DOMAIN.md) are groups with `support_unit: true`: each has a quality-of-support
 * level (base by default), a line of support, a mailing list and a short guide for the people
 * who assign tickets to it. Groups that are not units carry none of the level and line.
 */
import type { Db } from '../../db/client.ts';
import { InvalidError } from '../errors.ts';
import type { Row } from '../shapes.ts';
import { afterServiceLevelChange } from './changes.ts';
import { QOS_LEVELS } from './qos.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Completes a group's unit fields before they are written (`current` on update). */
export function prepareUnitFields(attrs: Row, current: Row | undefined): void {
  if (attrs.support_unit === null) attrs.support_unit = false;
  for (const key of ['qos_level', 'support_line']) if (attrs[key] === '') attrs[key] = null;
  const unit = (attrs.support_unit ?? current?.support_unit ?? false) === true;
  if ('qos_level' in attrs && attrs.qos_level !== null && !QOS_LEVELS.includes(attrs.qos_level as never))
    throw new InvalidError(`Invalid value for param 'qos_level': ${JSON.stringify(attrs.qos_level)}`);
  if ('support_line' in attrs && attrs.support_line !== null) {
    const line = Number(attrs.support_line);
    if (!Number.isInteger(line) || line < 1 || line > 3)
      throw new InvalidError(`Invalid value for param 'support_line': ${JSON.stringify(attrs.support_line)}`);
    attrs.support_line = line;
  }
  if (typeof attrs.mailing_list === 'string') {
    attrs.mailing_list = attrs.mailing_list.trim() || null;
    if (attrs.mailing_list !== null && !EMAIL.test(attrs.mailing_list as string))
      throw new InvalidError(`Invalid value for param 'mailing_list': ${JSON.stringify(attrs.mailing_list)}`);
  }
  if (typeof attrs.assignment_guide === 'string')
    attrs.assignment_guide = attrs.assignment_guide.trim() || null;
  if (unit) {
    if ((attrs.qos_level ?? current?.qos_level ?? null) === null) attrs.qos_level = 'base';
  } else if (current?.qos_level || current?.support_line || 'qos_level' in attrs || 'support_line' in attrs) {
    attrs.qos_level = null;
    attrs.support_line = null;
  }
}

/** What the SLAs read of a group. */
const UNIT_FIELDS = ['support_unit', 'qos_level'] as const;

/** After a group write: when what the QoS SLAs read changed, they follow and due times move. */
export async function afterUnitWrite(db: Db, actorId: number, row: Row, current: Row | undefined) {
  const unitBefore = current?.support_unit === true;
  const changed = current
    ? UNIT_FIELDS.some((f) => (row[f] ?? null) !== (current[f] ?? null))
    : row.support_unit === true;
  if (changed || (unitBefore && row.active !== current?.active))
    await afterServiceLevelChange(db, actorId, `support unit ${String(row.name)} changed`);
}
