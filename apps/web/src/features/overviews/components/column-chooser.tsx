import { useTranslation } from 'react-i18next';
import { COLUMNS, type ColumnId } from './columns';
import '../strings';
import '../overviews.css';

type ColumnChooserProps = { visible: ColumnId[]; onChange: (ids: ColumnId[]) => void };

/** Which columns the inbox table shows (kept in this browser). */
export function ColumnChooser({ visible, onChange }: ColumnChooserProps) {
  const { t } = useTranslation();
  return (
    <details className="column-chooser">
      <summary>{t('inbox.columns')}</summary>
      <fieldset>
        <legend className="visually-hidden">{t('inbox.visibleColumns')}</legend>
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
            {t(col.label)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
