export const agentTicketKeys = {
  draft: (id: number) => ['drafts', id] as const,
  textModules: () => ['text-modules'] as const,
};
