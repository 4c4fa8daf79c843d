import { z } from 'zod';
import { SLAS } from '../domain/sla/slas.ts';
import { jsonObject, ref, text } from '../http/input.ts';
import { resourceRoutes } from '../http/resource.ts';
import { toInt } from '../lib/casts.ts';

/** Working minutes: a whole number, or blank (`""`, null, 0) for none, as Zammad casts them. */
function minutes(name: string) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (v === null || v === '') return null;
      const n = toInt(v);
      if (n !== undefined) return n === 0 ? null : n;
      ctx.addIssue({ code: 'custom', message: `Invalid value for param '${name}': ${JSON.stringify(v)}` });
      return z.NEVER;
    });
}

const SlaInput = z.looseObject({
  name: text,
  calendar_id: ref,
  calendar: ref,
  first_response_time: minutes('first_response_time'),
  response_time: minutes('response_time'),
  update_time: minutes('update_time'),
  solution_time: minutes('solution_time'),
  condition: jsonObject('condition', { blankIsEmpty: true }),
});

/** Zammad's `/slas` (`admin.sla`). */
export const slasRoutes = () =>
  resourceRoutes({
    ...SLAS,
    path: 'slas',
    permissions: { read: 'admin.sla', write: 'admin.sla' },
    input: SlaInput,
  });
