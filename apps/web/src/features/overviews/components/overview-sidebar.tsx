import { Link } from 'react-router';
import { useOverviews } from '../api/get-overviews';

type OverviewSidebarProps = { current: string; hrefFor: (link: string) => string };

/** The agent's overviews with their live counts. */
export function OverviewSidebar({ current, hrefFor }: OverviewSidebarProps) {
  const overviews = useOverviews();
  return (
    <nav className="overviews" aria-label="Overviews">
      <ul>
        {overviews.map((o) => (
          <li key={o.id}>
            <Link
              to={hrefFor(o.link)}
              aria-current={o.link === current ? 'page' : undefined}
              className="overviews__link"
            >
              <span>{o.name}</span>
              <span className="overviews__count">
                {o.count}
                <span className="visually-hidden"> tickets</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
