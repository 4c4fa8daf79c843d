import { z } from 'zod';
import { TRIGGERS } from '../domain/triggers/model.ts';
import { bool, jsonObject, nullableText, text } from '../http/input.ts';
import { resourceRoutes } from '../http/resource.ts';

const TriggerInput = z.looseObject({
  name: text,
  condition: jsonObject('condition'),
  perform: jsonObject('perform'),
  activator: text,
  execution_condition_mode: text,
  disable_notification: bool,
  localization: nullableText,
  timezone: nullableText,
  active: bool,
  note: nullableText,
});

/** Zammad's `/triggers` (`admin.trigger`); the engine is domain/triggers/engine.ts. */
export const triggersRoutes = () =>
  resourceRoutes({
    ...TRIGGERS,
    path: 'triggers',
    permissions: { read: 'admin.trigger', write: 'admin.trigger' },
    input: TriggerInput,
  });
