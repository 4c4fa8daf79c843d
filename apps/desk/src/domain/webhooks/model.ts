/**
 * Zammad's webhooks as a plain resource (`admin.webhook`): secrets are masked in every reply as
 * Zammad's newest releases do (`**********`), and a write that sends the mask back leaves the
 * stored value; the endpoint is checked on every write (address.ts), a custom payload must be
 * a JSON template.
 */
import type { Db } from '../../db/client.ts';
import type { RecordModel } from '../crud.ts';
import { InvalidError } from '../errors.ts';
import { recordRemoved } from '../history.ts';
import { deleteRow, loadRow, requireName } from '../records.ts';
import { withCreatorNames } from '../serialize.ts';
import type { Row } from '../shapes.ts';
import { renderJson } from '../triggers/template.ts';
import { checkEndpoint } from './address.ts';
import { webhookConfig } from './config.ts';

export const MASK = '**********';
const SECRETS = ['signature_token', 'basic_auth_password', 'bearer_token'] as const;

/** Replies never carry a stored secret. */
export function maskSecrets(row: Row): Row {
  const out = { ...row };
  for (const k of SECRETS) if (typeof out[k] === 'string' && out[k] !== '') out[k] = MASK;
  return out;
}

/** A custom payload must be JSON once its placeholders are filled. */
export function checkCustomPayload(template: unknown): void {
  if (template === null || template === undefined || template === '') return;
  if (typeof template !== 'string') throw new InvalidError("Invalid value for param 'custom_payload'");
  try {
    JSON.parse(renderJson(template, {}));
  } catch {
    throw new InvalidError('Invalid custom_payload: it is not valid JSON (placeholders go inside strings).');
  }
}

export const WEBHOOKS: RecordModel = {
  table: 'webhooks',
  model: 'Webhook',
  readOnly: ['http_method'],
  history: true,
  async serialize(db: Db, _actor, rows, shape) {
    const out = rows.map(maskSecrets);
    if (shape === 'expand' && out.length > 0) await withCreatorNames(db, out);
    return out;
  },
  prepare(_db, _actor, attrs, _input, current) {
    requireName(attrs, !current);
    for (const k of SECRETS) if (attrs[k] === MASK) delete attrs[k];
    if (!current || 'endpoint' in attrs) {
      const url = checkEndpoint(attrs.endpoint, webhookConfig().allowHosts);
      attrs.endpoint = url.toString();
    }
    if ('custom_payload' in attrs) checkCustomPayload(attrs.custom_payload);
    if (attrs.customized_payload === true && !(attrs.custom_payload ?? current?.custom_payload))
      throw new InvalidError('A customized payload needs custom_payload.');
    for (const k of ['ssl_verify', 'active', 'customized_payload'])
      if (attrs[k] === null) attrs[k] = k !== 'customized_payload';
  },
  async remove(db, actor, id) {
    await loadRow(db, 'webhooks', 'Webhook', id, true);
    const used = await db.query<{ name: string }>(
      `SELECT name FROM triggers WHERE perform #>> '{notification.webhook,webhook_id}' = $1 ORDER BY name`,
      [String(id)],
    );
    if (used.length > 0)
      throw new InvalidError(
        `This webhook is used by the trigger(s) ${used.map((u) => `'${u.name}'`).join(', ')}.`,
      );
    await deleteRow(db, 'webhooks', 'Webhook', id);
    await recordRemoved(db, 'Webhook', id, actor.user.id);
  },
};
