/** Query keys of the trigger and webhook administration. */
export const triggerKeys = {
  all: ['triggers-admin'] as const,
  triggers: () => [...triggerKeys.all, 'triggers'] as const,
  preview: (condition: unknown) => [...triggerKeys.all, 'preview', condition] as const,
  webhooks: () => [...triggerKeys.all, 'webhooks'] as const,
  deliveries: (id: number) => [...triggerKeys.all, 'deliveries', id] as const,
};
