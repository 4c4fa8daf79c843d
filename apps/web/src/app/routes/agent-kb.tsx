import type { QueryClient } from '@tanstack/react-query';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, Link, type LoaderFunctionArgs, useLoaderData, useSearchParams } from 'react-router';
import { requireAgent } from '@/app/session';
import { Status } from '@/components/status';
import { kbAnswerQueryOptions, kbTreeQueryOptions, useKbTree } from '@/features/kb-editor/api/kb-editor';
import { AnswerEditor } from '@/features/kb-editor/components/answer-editor';
import { CategoryTree } from '@/features/kb-editor/components/category-tree';
import { titleIn } from '@/features/kb-editor/components/titles';
import '@/features/kb-editor/strings';
import { formatDate, useLanguage } from '@/lib/i18n';
import '@/features/kb-editor/kb-editor.css';
import '@/components/agent-controls.css';

/** The tree loads before the page: a reader without the editor permission gets the server's 403. */
export function agentKbLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    await queryClient.ensureQueryData(kbTreeQueryOptions());
    return null;
  };
}

export function agentKbAnswerLoader(queryClient: QueryClient) {
  return async ({ request, params }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    await queryClient.ensureQueryData(kbTreeQueryOptions());
    if (params.id === 'new') {
      const category = Number(new URL(request.url).searchParams.get('category'));
      return { id: null, category: Number.isSafeInteger(category) && category > 0 ? category : null };
    }
    const id = Number(params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw data('Not found', { status: 404 });
    await queryClient.ensureQueryData(kbAnswerQueryOptions(id));
    return { id, category: null };
  };
}

export function AgentKbPage() {
  const { t } = useTranslation();
  const { language, kbLocale } = useLanguage();
  const tree = useKbTree();
  const [params] = useSearchParams();
  if (!tree.data) return <Status tone="loading">{t('kbEditor.loading')}</Status>;
  const current = Number(params.get('category')) || null;
  const category = tree.data.categories.find((c) => c.id === current);
  const answers = tree.data.answers.filter((a) => a.category_id === current);
  const untitled = t('kbEditor.untitled');

  return (
    <>
      <title>{t('kbEditor.pageTitle')}</title>
      <p className="breadcrumb">
        <Link to="/agent">{t('kbEditor.back')}</Link>
      </p>
      <h1>{t('kbEditor.heading')}</h1>
      <div className="kb-editor">
        <CategoryTree
          tree={tree.data}
          current={current}
          locale={kbLocale}
          hrefFor={(id) => `/agent/kb?${new URLSearchParams({ category: String(id) })}`}
        />
        <section className="kb-editor__answers" aria-labelledby="kb-answers-title">
          {category ? (
            <>
              <h2 id="kb-answers-title">
                {t('kbEditor.answersIn', { name: titleIn(category.translations, kbLocale, untitled) })}
              </h2>
              <p>
                <Link className="button button--primary" to={`/agent/kb/answers/new?category=${category.id}`}>
                  {t('kbEditor.newAnswer')}
                </Link>
              </p>
              {answers.length === 0 ? (
                <p>{t('kbEditor.noAnswers')}</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('kbEditor.answerTitle')}</th>
                      <th scope="col">{t('kbEditor.answerState')}</th>
                      <th scope="col">{t('kbEditor.languages')}</th>
                      <th scope="col">{t('kbEditor.updated')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {answers.map((a) => (
                      <tr key={a.id}>
                        <td>
                          <Link to={`/agent/kb/answers/${a.id}`}>
                            {titleIn(a.translations, kbLocale, untitled)}
                          </Link>
                        </td>
                        <td>
                          <span className={`kb-state kb-state--${a.state}`}>
                            {t(`kbEditor.state.${a.state}`)}
                          </span>
                        </td>
                        <td>{a.translations.map((x) => t(`kbEditor.locale.${x.locale}`)).join(', ')}</td>
                        <td>{a.updated_at ? formatDate(a.updated_at, language) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          ) : (
            <>
              <h2 id="kb-answers-title" className="visually-hidden">
                {t('kbEditor.newAnswer')}
              </h2>
              <p>{t('kbEditor.chooseCategory')}</p>
            </>
          )}
        </section>
      </div>
    </>
  );
}

export function AgentKbAnswerPage() {
  const { t } = useTranslation();
  const { kbLocale } = useLanguage();
  const { id, category } = useLoaderData<ReturnType<typeof agentKbAnswerLoader>>();
  const tree = useKbTree();
  const answer = useQuery({ ...kbAnswerQueryOptions(id ?? 0), enabled: id !== null });
  if (!tree.data || (id !== null && !answer.data))
    return <Status tone="loading">{t('kbEditor.loading')}</Status>;
  const categoryId = answer.data?.category_id ?? category;
  return (
    <>
      <title>{t('kbEditor.pageTitle')}</title>
      <p className="breadcrumb">
        <Link to={categoryId ? `/agent/kb?category=${categoryId}` : '/agent/kb'}>
          {t('kbEditor.heading')}
        </Link>
      </p>
      <AnswerEditor
        key={id ?? 'new'}
        tree={tree.data}
        answer={id !== null ? (answer.data ?? null) : null}
        categoryId={category}
        locale={kbLocale}
      />
    </>
  );
}
