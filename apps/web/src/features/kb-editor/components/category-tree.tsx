import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type KbCategory,
  type KbLocale,
  type KbTree,
  useCreateCategory,
  useDeleteCategory,
  useOrderCategories,
  usePatchCategory,
} from '../api/kb-editor';
import { CategoryForm } from './category-form';
import { titleIn } from './titles';
import '../strings';
import '../kb-editor.css';
import '@/components/agent-controls.css';

type CategoryTreeProps = {
  tree: KbTree;
  current: number | null;
  locale: KbLocale;
  hrefFor: (id: number) => string;
};

/** The category tree with its editing actions: create, rename, nest, reorder, delete. */
export function CategoryTree({ tree, current, locale, hrefFor }: CategoryTreeProps) {
  const { t } = useTranslation();
  const create = useCreateCategory();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState('');
  const name = (c: KbCategory) => titleIn(c.translations, locale, t('kbEditor.untitled'));

  return (
    <nav className="kb-tree" aria-label={t('kbEditor.categories')}>
      <h2>{t('kbEditor.categories')}</h2>
      {tree.categories.length === 0 && <p>{t('kbEditor.noCategories')}</p>}
      <Branch
        tree={tree}
        parent={null}
        current={current}
        locale={locale}
        hrefFor={hrefFor}
        name={name}
        onError={setError}
      />
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {adding ? (
        <CategoryForm
          legend={t('kbEditor.newCategory')}
          locales={tree.locales}
          submitLabel={t('kbEditor.create')}
          pending={create.isPending}
          error={create.error?.message}
          onCancel={() => setAdding(false)}
          onSubmit={(translations) =>
            create.mutate({ parent_id: null, translations }, { onSuccess: () => setAdding(false) })
          }
        />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t('kbEditor.newCategory')}
        </button>
      )}
    </nav>
  );
}

type BranchProps = {
  tree: KbTree;
  parent: number | null;
  current: number | null;
  locale: KbLocale;
  hrefFor: (id: number) => string;
  name: (c: KbCategory) => string;
  onError: (message: string) => void;
};

function Branch(props: BranchProps) {
  const children = props.tree.categories.filter((c) => c.parent_id === props.parent);
  if (children.length === 0) return null;
  return (
    <ul>
      {children.map((c, i) => (
        <CategoryItem key={c.id} {...props} category={c} siblings={children} index={i} />
      ))}
    </ul>
  );
}

function descendantsOf(tree: KbTree, id: number): Set<number> {
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of tree.categories)
      if (c.parent_id !== null && out.has(c.parent_id) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
  }
  return out;
}

function CategoryItem({
  category,
  siblings,
  index,
  ...props
}: BranchProps & { category: KbCategory; siblings: KbCategory[]; index: number }) {
  const { t } = useTranslation();
  const { tree, current, hrefFor, name, onError } = props;
  const patch = usePatchCategory();
  const order = useOrderCategories();
  const remove = useDeleteCategory();
  const create = useCreateCategory();
  const [mode, setMode] = useState<'view' | 'rename' | 'add'>('view');
  const label = name(category);
  const busy = patch.isPending || order.isPending || remove.isPending;
  const fail = (e: Error) => onError(e.message);
  const done = () => onError('');

  const move = (by: -1 | 1) => {
    const ids = siblings.map((s) => s.id);
    ids.splice(index, 1);
    ids.splice(index + by, 0, category.id);
    order.mutate({ parent_id: category.parent_id, ids }, { onSuccess: done, onError: fail });
  };
  const excluded = descendantsOf(tree, category.id);

  return (
    <li>
      <div className="kb-tree__item">
        <Link to={hrefFor(category.id)} aria-current={category.id === current ? 'page' : undefined}>
          {label}
        </Link>
        <details className="kb-tree__actions">
          <summary>
            <span aria-hidden="true">⋯</span>
            <span className="visually-hidden">{t('kbEditor.actionsFor', { name: label })}</span>
          </summary>
          <div className="kb-tree__menu">
            <button type="button" onClick={() => setMode('rename')}>
              {t('kbEditor.rename', { name: label })}
            </button>
            <button type="button" onClick={() => setMode('add')}>
              {t('kbEditor.newSubcategory', { name: label })}
            </button>
            <button type="button" disabled={busy || index === 0} onClick={() => move(-1)}>
              {t('kbEditor.moveUp', { name: label })}
            </button>
            <button type="button" disabled={busy || index === siblings.length - 1} onClick={() => move(1)}>
              {t('kbEditor.moveDown', { name: label })}
            </button>
            <label>
              {t('kbEditor.moveUnder', { name: label })}{' '}
              <select
                value={category.parent_id ?? ''}
                disabled={busy}
                onChange={(e) =>
                  patch.mutate(
                    { id: category.id, parent_id: e.target.value ? Number(e.target.value) : null },
                    { onSuccess: done, onError: fail },
                  )
                }
              >
                <option value="">{t('kbEditor.topLevel')}</option>
                {tree.categories
                  .filter((c) => !excluded.has(c.id))
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {name(c)}
                    </option>
                  ))}
              </select>
            </label>
            <button
              type="button"
              className="button--danger"
              disabled={busy}
              onClick={() => {
                if (window.confirm(t('kbEditor.confirmDeleteCategory', { name: label })))
                  remove.mutate(category.id, { onSuccess: done, onError: fail });
              }}
            >
              {t('kbEditor.deleteCategory', { name: label })}
            </button>
          </div>
        </details>
      </div>
      {mode === 'rename' && (
        <CategoryForm
          legend={t('kbEditor.rename', { name: label })}
          locales={tree.locales}
          initial={category.translations}
          submitLabel={t('kbEditor.save')}
          pending={patch.isPending}
          error={patch.error?.message}
          onCancel={() => setMode('view')}
          onSubmit={(translations) =>
            patch.mutate({ id: category.id, translations }, { onSuccess: () => setMode('view') })
          }
        />
      )}
      {mode === 'add' && (
        <CategoryForm
          legend={t('kbEditor.newSubcategory', { name: label })}
          locales={tree.locales}
          submitLabel={t('kbEditor.create')}
          pending={create.isPending}
          error={create.error?.message}
          onCancel={() => setMode('view')}
          onSubmit={(translations) =>
            create.mutate({ parent_id: category.id, translations }, { onSuccess: () => setMode('view') })
          }
        />
      )}
      <Branch {...props} parent={category.id} />
    </li>
  );
}
