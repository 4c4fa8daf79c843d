import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import './page-frame.css';

type PageFrameProps = {
  /** Where the brand links to. */
  home: string;
  /** The main navigation, if the page has one. */
  nav?: ReactNode;
  /** The banner's end: language, bell, the person's name, sign in or out. */
  account: ReactNode;
  /** An extra class on the account area. */
  accountClass?: string;
  /** At the foot of the banner (the navigation progress bar). */
  progress?: ReactNode;
  /** The main landmark's class; `page` by default. */
  mainClass?: string;
  /** A page is loading: marks the main landmark busy. */
  busy?: boolean;
  children: ReactNode;
};

/**
 * The frame every page shares (the signed-in shell, the help center, the account pages): skip
 * link, banner with brand, navigation and account area, and the main landmark, which takes the
 * focus after client-side navigation as a page load would.
 */
export function PageFrame({
  home,
  nav,
  account,
  accountClass,
  progress,
  mainClass = 'page',
  busy,
  children,
}: PageFrameProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const lastPath = useRef(location.pathname);
  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    mainRef.current?.focus();
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header className="banner">
        <div className="banner__inner">
          <Link to={home} className="brand">
            {t('common.brand')}
          </Link>
          {nav}
          <div className={accountClass ? `account ${accountClass}` : 'account'}>{account}</div>
        </div>
        {progress}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={mainClass} aria-busy={busy || undefined}>
        {children}
      </main>
    </div>
  );
}
