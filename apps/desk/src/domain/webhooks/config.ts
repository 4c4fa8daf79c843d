/** Webhook settings from the desk's environment (set once by `createApp`). */
export interface WebhookConfig {
  /** Hosts (names or addresses) a webhook may call although they are private (WEBHOOK_ALLOW_HOSTS). */
  allowHosts: string[];
  /** Per-request timeout (connect, send and answer), in milliseconds. */
  timeoutMs: number;
}

const config: WebhookConfig = { allowHosts: [], timeoutMs: 10_000 };

export function configureWebhooks(next: Partial<WebhookConfig>): void {
  if (next.allowHosts)
    next.allowHosts = next.allowHosts.map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, ''),
    );
  Object.assign(config, next);
}

export function webhookConfig(): Readonly<WebhookConfig> {
  return config;
}
