/**
 * The helpdesk's default password policy (Zammad's: 10 characters, 2 lower-case and 2
 * upper-case letters, a digit), mirrored so the form can guide while typing. The server
 * decides; its refusal (`weak_password`) is shown as well.
 */
export const MIN_LENGTH = 10;

export const PASSWORD_RULES = [
  { key: 'ruleLength', test: (p: string) => p.length >= MIN_LENGTH },
  {
    key: 'ruleCase',
    test: (p: string) => (p.match(/\p{Ll}/gu) ?? []).length >= 2 && (p.match(/\p{Lu}/gu) ?? []).length >= 2,
  },
  { key: 'ruleDigit', test: (p: string) => /\d/.test(p) },
] as const;

export function meetsPolicy(password: string): boolean {
  return PASSWORD_RULES.every((rule) => rule.test(password));
}
