import type { ZammadClient } from '@eosc/zammad-api';
import type { ReferenceData } from './reference.ts';
import { Resolver } from './resolve.ts';

/** The tickets linked to a ticket, names resolved (`GET /links`; links to other objects left out). */
export async function loadLinks(client: ZammadClient, ref: ReferenceData, id: number) {
  const res = await client.GET('/links', {
    params: { query: { link_object: 'Ticket', link_object_value: id } },
  });
  const resolver = new Resolver(ref, res.assets);
  return res.links
    .filter((l) => l.link_object === 'Ticket')
    .flatMap((l) => {
      const t = res.assets.Ticket?.[String(l.link_object_value)];
      return t ? [{ type: l.link_type, ticket: resolver.ticket(t) }] : [];
    });
}
