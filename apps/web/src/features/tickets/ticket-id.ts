/** Reads a ticket id from a URL segment; `null` for anything that cannot be one. */
export function parseTicketId(value: string | undefined): number | null {
  if (value === undefined || !/^[1-9]\d{0,15}$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}
