/**
 * Zammad's triggers as a plain resource (`admin.trigger`): the condition is compiled once on
 * every write (an unknown attribute or operator is a 422, as a broken one would otherwise fail
 * every ticket change), the actions checked, the named webhook must exist.
 */
import { one } from '../../db/client.ts';
import type { RecordModel } from '../crud.ts';
import { InvalidError, invalidParam } from '../errors.ts';
import { requireName } from '../records.ts';
import type { Row } from '../shapes.ts';
import { checkCondition } from './condition.ts';
import { checkEmailAction } from './notification.ts';
import { checkPerform } from './perform.ts';

const isObject = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);

export const TRIGGERS: RecordModel = {
  table: 'triggers',
  model: 'Trigger',
  history: true,
  async prepare(db, actor, attrs, _input, current) {
    requireName(attrs, !current);
    if (!current && attrs.condition === undefined) throw new InvalidError("Attribute 'condition' required!");
    if (!current && attrs.perform === undefined) throw new InvalidError("Attribute 'perform' required!");
    if (attrs.activator !== undefined && attrs.activator !== 'action' && attrs.activator !== 'time')
      throw invalidParam('activator', attrs.activator);
    if (attrs.activator === 'time')
      throw new InvalidError("Time-based triggers (activator 'time') are not supported.");
    const mode = attrs.execution_condition_mode;
    if (mode !== undefined && mode !== 'selective' && mode !== 'always')
      throw invalidParam('execution_condition_mode', mode);
    if (attrs.active === null) attrs.active = true;
    if (attrs.condition !== undefined) {
      if (!isObject(attrs.condition)) throw invalidParam('condition', attrs.condition);
      // Checked as the engine runs it: as an agent who sees every attribute.
      await checkCondition(
        db,
        { ...actor, permissions: [...actor.permissions, 'ticket.agent'] },
        attrs.condition,
      );
    }
    if (attrs.perform !== undefined) {
      const perform = attrs.perform;
      if (!isObject(perform) || Object.keys(perform).length === 0)
        throw new InvalidError('Invalid perform: at least one action is needed.');
      await checkPerform(db, perform);
      if (isObject(perform['notification.email'])) checkEmailAction(perform['notification.email']);
      const hook = perform['notification.webhook'];
      if (isObject(hook)) {
        const id = Number(hook.webhook_id);
        if (!Number.isSafeInteger(id) || !(await one(db, 'SELECT 1 FROM webhooks WHERE id = $1', [id])))
          throw new InvalidError(
            `Invalid perform: webhook ${JSON.stringify(hook.webhook_id ?? null)} does not exist.`,
          );
      }
    }
  },
};
