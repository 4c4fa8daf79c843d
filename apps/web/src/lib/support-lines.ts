import type { Reference } from './reference';
import './support-lines-strings';

/*
 * Lines of support (DOMAIN.md): 1 the first-line triage team, 2 a service's unit, 3 a product's
 * developers. Moving a ticket up a line needs a written summary, sending it back a stated
 * reason, both as an internal note saved with the move; the desk refuses a move without one
 * (422). Groups that are not units (or a helpdesk without lines) are never guarded.
 */

export type Group = Reference['groups'][number];

export type LineMove = {
  /** Up: a summary for the next line; down: the reason for sending it back. */
  direction: 'up' | 'down';
  from: number;
  to: number;
  target: Group;
};

const lineOf = (g: Group | undefined): number | null =>
  g?.support_line !== undefined && g.support_line !== null ? g.support_line : null;

/** The line change of moving a ticket from group `fromId` to `toId`, or null when there is none. */
export function lineMove(
  groups: readonly Group[] | undefined,
  fromId: number,
  toId: number | null,
): LineMove | null {
  if (toId === null || toId === fromId || !groups) return null;
  const target = groups.find((g) => g.id === toId);
  const from = lineOf(groups.find((g) => g.id === fromId));
  const to = lineOf(target);
  if (!target || from === null || to === null || from === to) return null;
  return { direction: to > from ? 'up' : 'down', from, to, target };
}

/** A group's name with its line, for pickers: "EUDAT Support (2nd line)". */
export function groupLabel(g: Group, t: (key: string, options?: Record<string, unknown>) => string): string {
  const line = lineOf(g);
  return line === null
    ? g.name
    : t('lines.groupWithLine', { name: g.name, line: t(`lines.ordinal.${line}`) });
}
