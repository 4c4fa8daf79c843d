import { useTranslation } from 'react-i18next';
import type { CommunityPortal } from '../api/get-community';
import '../strings';
import '../communities.css';

/** The community's banner: its logo and name on its primary colour, its accent below. */
export function CommunityBanner({ community }: { community: CommunityPortal }) {
  const { t } = useTranslation();
  return (
    <div className="community-banner" data-community={community.slug}>
      {community.logo_url && (
        <img
          className="community-banner__logo"
          src={community.logo_url}
          alt={t('community.logo', { name: community.name })}
        />
      )}
      <p className="community-banner__name">
        <strong>{community.name}</strong>
      </p>
    </div>
  );
}
