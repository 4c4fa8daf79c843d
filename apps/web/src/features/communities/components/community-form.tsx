import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-error';
import { type AdminCommunities, type AdminCommunity, useSaveCommunity } from '../api/admin-communities';
import '../strings';

// The helpdesk's limit is 256 KB of data: URL; base64 makes a file a third larger.
const MAX_LOGO_BYTES = 190 * 1024;

type CommunityFormProps = {
  community: AdminCommunity | null;
  choices: Pick<AdminCommunities, 'units' | 'services'>;
  onSaved: (saved: AdminCommunity) => void;
  onCancel: () => void;
};

type Option = AdminCommunities['units'][number];

function Choices(props: {
  legend: string;
  options: Option[];
  chosen: number[];
  own: number | null;
  onChange: (ids: number[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="field fieldset">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.id} className="choice">
          <input
            type="checkbox"
            checked={props.chosen.includes(o.id)}
            onChange={(e) =>
              props.onChange(
                e.target.checked ? [...props.chosen, o.id] : props.chosen.filter((x) => x !== o.id),
              )
            }
          />
          {o.name}
          {o.community_id !== null &&
            o.community_id !== props.own &&
            ` ${t('communityAdmin.otherCommunity')}`}
        </label>
      ))}
    </fieldset>
  );
}

/** A community's name, address, branding, units and services; the helpdesk's 422 says what is wrong. */
export function CommunityForm({ community, choices, onSaved, onCancel }: CommunityFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveCommunity();
  const [name, setName] = useState(community?.name ?? '');
  const [slug, setSlug] = useState(community?.slug ?? '');
  const [displayName, setDisplayName] = useState(community?.display_name ?? '');
  const [logo, setLogo] = useState(community?.logo_url ?? '');
  const [primary, setPrimary] = useState(community?.primary_color ?? '#1f4e79');
  const [accent, setAccent] = useState(community?.accent_color ?? '#b03a2e');
  const [active, setActive] = useState(community?.active ?? true);
  const [units, setUnits] = useState<number[]>(community?.group_ids ?? []);
  const [services, setServices] = useState<number[]>(community?.service_ids ?? []);
  const [problem, setProblem] = useState('');

  const readLogo = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_LOGO_BYTES) {
      setProblem(t('communityAdmin.logoTooBig'));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setLogo(String(reader.result));
    reader.readAsDataURL(file);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem('');
    save.mutate(
      {
        id: community?.id ?? null,
        input: {
          name: name.trim(),
          slug: slug.trim(),
          display_name: displayName.trim(),
          logo_url: logo.trim() || null,
          primary_color: primary,
          accent_color: accent,
          active,
          group_ids: units,
          service_ids: services,
        },
      },
      {
        onSuccess: onSaved,
        onError: (err) => setProblem(isApiError(err) ? err.message : String(err)),
      },
    );
  };

  const field = (key: string, label: string, value: string, set: (v: string) => void, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        name={key}
        type={type}
        value={value}
        required={key === 'name' || key === 'slug'}
        onChange={(e) => set(e.target.value)}
      />
    </div>
  );

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        {community ? t('communityAdmin.editing', { name: community.name }) : t('communityAdmin.creating')}
      </h2>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {field('name', t('communityAdmin.name'), name, setName)}
      {field('slug', t('communityAdmin.slug'), slug, setSlug)}
      {field('display_name', t('communityAdmin.displayName'), displayName, setDisplayName)}
      {field('logo_url', t('communityAdmin.logoUrl'), logo.startsWith('data:') ? '' : logo, setLogo, 'url')}
      <div className="field">
        <label htmlFor={`${id}-logo-file`}>{t('communityAdmin.logoFile')}</label>
        <input
          id={`${id}-logo-file`}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          onChange={readLogo}
        />
      </div>
      {field('primary_color', t('communityAdmin.primary'), primary, setPrimary, 'color')}
      {field('accent_color', t('communityAdmin.accent'), accent, setAccent, 'color')}
      <label className="choice">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        {t('communityAdmin.active')}
      </label>
      <Choices
        legend={t('communityAdmin.units')}
        options={choices.units}
        chosen={units}
        own={community?.id ?? null}
        onChange={setUnits}
      />
      <Choices
        legend={t('communityAdmin.services')}
        options={choices.services}
        chosen={services}
        own={community?.id ?? null}
        onChange={setServices}
      />
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {t('communityAdmin.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('communityAdmin.cancel')}
        </button>
      </div>
    </form>
  );
}
