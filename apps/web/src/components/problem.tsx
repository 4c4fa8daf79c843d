import type { ReactNode } from 'react';

type ProblemProps = {
  title: string;
  children: ReactNode;
  requestId?: string | undefined;
};

/** A full-page explanation of why a page cannot be shown (not found, forbidden, failure). */
export function Problem({ title, children, requestId }: ProblemProps) {
  return (
    <section className="problem" aria-labelledby="problem-title">
      <title>{`${title} · EOSC Helpdesk`}</title>
      <h1 id="problem-title">{title}</h1>
      <div className="problem__body">{children}</div>
      {requestId && <p className="problem__detail">Reference: {requestId}</p>}
    </section>
  );
}
