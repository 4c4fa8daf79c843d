type Named = { id: number; name: string };

/**
 * The `<option>`s of a picker of named things by id: agents, states, priorities, groups (the
 * agent area's pickers: composer, side panel, bulk bar). `nameOf` translates standard names.
 */
export function OptionList({
  items,
  nameOf = (name) => name,
}: {
  items: readonly Named[];
  nameOf?: (name: string) => string;
}) {
  return (
    <>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {nameOf(item.name)}
        </option>
      ))}
    </>
  );
}
