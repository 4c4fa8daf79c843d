import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ATTRIBUTES,
  type AttrDef,
  type ConditionRow,
  defOf,
  type ExtraSource,
  emptyRow,
  type OptionSource,
  operatorsOf,
  RANGES,
  type Range,
  type RowError,
  type Who,
} from './condition-model';
import './strings';
import './condition-editor.css';

const WHO_KEY: Record<Who, string> = {
  specific: 'specific',
  'current_user.id': 'currentUser',
  'current_user.organization_id': 'currentOrg',
  not_set: 'not_set',
};

export type Option = { value: string; label: string };
export type ConditionOptions = Record<OptionSource | 'agents', Option[]> &
  Partial<Record<ExtraSource, Option[]>>;

type ConditionEditorProps = {
  rows: ConditionRow[];
  onChange: (rows: ConditionRow[]) => void;
  options: ConditionOptions;
  errors?: RowError[];
  /** What the conditions select, and what no condition means (defaults: an overview's). */
  hint?: string;
  empty?: string;
  /** The attributes offered (default: a ticket's, for overviews and SLAs; triggers add theirs). */
  attributes?: readonly AttrDef[];
};

/** Edits a selector condition (all must match; overviews, SLAs): one row per attribute, in Zammad's terms. */
export function ConditionEditor({
  rows,
  onChange,
  options,
  errors = [],
  hint,
  empty,
  attributes = ATTRIBUTES,
}: ConditionEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const update = (key: string, patch: Partial<ConditionRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const used = new Set(rows.map((r) => r.attr));

  return (
    <fieldset className="condition-editor">
      <legend>{t('conditionEditor.conditions')}</legend>
      <p className="field-hint">{hint ?? t('conditionEditor.conditionsHint')}</p>
      {rows.length === 0 && <p>{empty ?? t('conditionEditor.noConditions')}</p>}
      <ol className="condition-editor__rows">
        {rows.map((row, i) => {
          const def = defOf(row.attr, attributes);
          const error = errors.find((e) => e.key === row.key);
          const errorId = `${id}-${row.key}-error`;
          const label = t('conditionEditor.conditionN', { n: i + 1 });
          return (
            <li key={row.key}>
              {/* biome-ignore lint/a11y/useSemanticElements: a group of controls inside the outer fieldset */}
              <div
                role="group"
                aria-label={label}
                className="condition-editor__row"
                aria-describedby={error ? errorId : undefined}
              >
                <label>
                  <span className="visually-hidden">{`${label}: ${t('conditionEditor.attribute')}`}</span>
                  <select
                    value={row.attr}
                    onChange={(e) =>
                      onChange(
                        rows.map((r) =>
                          r.key === row.key ? { ...emptyRow(e.target.value, attributes), key: r.key } : r,
                        ),
                      )
                    }
                    disabled={!!row.raw}
                  >
                    {!def && <option value={row.attr}>{row.attr}</option>}
                    {attributes
                      .filter((a) => a.name === row.attr || !used.has(a.name))
                      .map((a) => (
                        <option key={a.name} value={a.name}>
                          {t(`conditionEditor.attr.${a.name.replace('ticket.', '')}`)}
                        </option>
                      ))}
                  </select>
                </label>
                {row.raw || !def ? (
                  <code className="condition-editor__raw">{JSON.stringify(row.raw)}</code>
                ) : (
                  <>
                    <label>
                      <span className="visually-hidden">{`${label}: ${t('conditionEditor.operator')}`}</span>
                      <select
                        value={row.operator}
                        onChange={(e) => update(row.key, { operator: e.target.value })}
                      >
                        {operatorsOf(def).map((op) => (
                          <option key={op} value={op}>
                            {t(`conditionEditor.op.${op}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <ValueInput
                      row={row}
                      label={label}
                      options={options}
                      def={def}
                      update={(patch) => update(row.key, patch)}
                      invalid={!!error}
                      errorId={errorId}
                    />
                  </>
                )}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                >
                  {t('conditionEditor.removeCondition')}
                  <span className="visually-hidden"> ({label})</span>
                </button>
              </div>
              {error && (
                <p id={errorId} className="form-error">
                  {t(`conditionEditor.conditionError.${error.message}`)}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {used.size < attributes.length && (
        <button
          type="button"
          onClick={() =>
            onChange([...rows, emptyRow(attributes.find((a) => !used.has(a.name))?.name, attributes)])
          }
        >
          {t('conditionEditor.addCondition')}
        </button>
      )}
    </fieldset>
  );
}

type ValueInputProps = {
  row: ConditionRow;
  def: AttrDef;
  label: string;
  options: ConditionOptions;
  update: (patch: Partial<ConditionRow>) => void;
  invalid: boolean;
  errorId: string;
};

function ValueInput({ row, def, label, options, update, invalid, errorId }: ValueInputProps) {
  const { t } = useTranslation();
  const aria = { 'aria-invalid': invalid || undefined, 'aria-describedby': invalid ? errorId : undefined };
  const valueLabel = `${label}: ${t('conditionEditor.value')}`;

  if (def.kind === 'time') {
    if (row.operator === 'is set' || row.operator === 'not set') return null;
    return (
      <>
        <label>
          <span className="visually-hidden">{valueLabel}</span>
          <input
            type="number"
            min={0}
            step={1}
            value={row.text}
            onChange={(e) => update({ text: e.target.value })}
            className="condition-editor__number"
            {...aria}
          />
        </label>
        <label>
          <span className="visually-hidden">{`${label}: ${t('conditionEditor.range')}`}</span>
          <select value={row.range} onChange={(e) => update({ range: e.target.value as Range })}>
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`conditionEditor.rangeUnit.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </>
    );
  }

  const whoChoices: Who[] =
    def.kind === 'owner' || def.kind === 'customer'
      ? ['specific', 'current_user.id', 'not_set']
      : def.kind === 'organization'
        ? ['specific', 'current_user.organization_id', 'not_set']
        : [];
  const who = whoChoices.length > 0 && (
    <label>
      <span className="visually-hidden">{`${label}: ${t('conditionEditor.who')}`}</span>
      <select value={row.who} onChange={(e) => update({ who: e.target.value as Who })}>
        {whoChoices.map((w) => (
          <option key={w} value={w}>
            {t(`conditionEditor.whoChoice.${WHO_KEY[w]}`)}
          </option>
        ))}
      </select>
    </label>
  );
  if (whoChoices.length > 0 && row.who !== 'specific') return who;

  if (def.kind === 'select' || def.kind === 'owner') {
    const list = options[def.kind === 'owner' ? 'agents' : (def.source ?? 'states')] ?? [];
    return (
      <>
        {who}
        <label>
          <span className="visually-hidden">{valueLabel}</span>
          <select
            multiple
            size={Math.min(4, Math.max(2, list.length))}
            value={row.values}
            onChange={(e) => update({ values: [...e.target.selectedOptions].map((o) => o.value) })}
            {...aria}
          >
            {list.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
            {/* Values no longer offered (a removed state, say) stay selectable, so nothing is lost. */}
            {row.values
              .filter((v) => !list.some((o) => o.value === v))
              .map((v) => (
                <option key={v} value={v}>
                  #{v}
                </option>
              ))}
          </select>
        </label>
      </>
    );
  }

  return (
    <>
      {who}
      <label>
        <span className="visually-hidden">{valueLabel}</span>
        <input
          value={row.text}
          onChange={(e) => update({ text: e.target.value })}
          placeholder={
            def.kind === 'text'
              ? undefined
              : t(def.kind === 'tags' ? 'conditionEditor.tagsPlaceholder' : 'conditionEditor.idsPlaceholder')
          }
          {...aria}
        />
      </label>
    </>
  );
}
