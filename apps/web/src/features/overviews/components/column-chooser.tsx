import { COLUMNS, type ColumnId } from './columns';

type ColumnChooserProps = { visible: ColumnId[]; onChange: (ids: ColumnId[]) => void };

/** Which columns the inbox table shows (kept in this browser). */
export function ColumnChooser({ visible, onChange }: ColumnChooserProps) {
  return (
    <details className="column-chooser">
      <summary>Columns</summary>
      <fieldset>
        <legend className="visually-hidden">Visible columns</legend>
        {COLUMNS.map((col) => (
          <label key={col.id}>
            <input
              type="checkbox"
              checked={visible.includes(col.id)}
              disabled={col.id === 'title'}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? COLUMNS.filter((c) => c.id === col.id || visible.includes(c.id)).map((c) => c.id)
                    : visible.filter((id) => id !== col.id),
                )
              }
            />{' '}
            {col.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
