/**
 * What triggers need from the desk's configuration: the web app's public URL (Zammad's
 * `config.http_type` and `config.fqdn` in templates), the helpdesk's own address (never a
 * recipient) and the loop limit. Set once by `createApp` from its mailer; tests may lower the limit.
 */
export interface TriggerConfig {
  publicUrl: string;
  /** The helpdesk's own sending address (MAIL_FROM). */
  address: string;
  /** Trigger runs on one ticket within a minute before triggers stop for it (loop protection). */
  maxRunsPerMinute: number;
}

const config: TriggerConfig = {
  publicUrl: 'http://localhost:8080',
  address: 'helpdesk@localhost',
  maxRunsPerMinute: 30,
};

export function configureTriggers(next: Partial<TriggerConfig>): void {
  Object.assign(config, next);
}

export function triggerConfig(): Readonly<TriggerConfig> {
  return config;
}

/** Zammad's `config.*` placeholders. */
export function configValues(): Record<string, string> {
  const url = new URL(config.publicUrl);
  return {
    http_type: url.protocol.replace(':', ''),
    fqdn: `${url.host}${url.pathname.replace(/\/+$/, '')}`,
    ticket_hook: 'Ticket#',
    product_name: 'EOSC Helpdesk',
  };
}
