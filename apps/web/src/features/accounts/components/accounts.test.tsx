import { act, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { addAccount, db } from '@/testing/db';
import { buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

type Body = Record<string, unknown>;

/** Records what the page sent to one BFF route and answers with `reply`. */
function route(path: string, reply: (body: Body) => Response) {
  const calls: Body[] = [];
  server.use(
    http.post(path, async ({ request }) => {
      if (request.headers.get('X-EOSC-CSRF') !== '1') return bffError(403, 'csrf', 'Missing CSRF header.');
      const body = (await request.json()) as Body;
      calls.push(body);
      return reply(body);
    }),
  );
  return calls;
}

afterEach(() => act(() => setLanguage('en')));

describe('login page', () => {
  it('links to sign-up and password reset, and speaks German', async () => {
    const { user, router } = renderApp('/login');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Forgot your password?' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Reset your password' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/password-reset');

    await act(() => router.navigate('/login'));
    await user.click(await screen.findByRole('link', { name: 'Create an account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Create an account' })).toBeInTheDocument();

    await act(() => router.navigate('/login'));
    await user.selectOptions(await screen.findByLabelText('Language'), 'de');
    expect(await screen.findByRole('heading', { level: 1, name: 'Anmelden' })).toBeInTheDocument();
    expect(screen.getByLabelText('Benutzername oder E-Mail')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Passwort vergessen?' })).toBeInTheDocument();
  });
});

describe('sign-up', () => {
  async function fill(
    user: ReturnType<typeof renderApp>['user'],
    email: string,
    password: string,
    confirm = password,
  ) {
    await user.type(await screen.findByLabelText(/^First name/), 'Sam');
    await user.type(screen.getByLabelText('E-mail address'), email);
    await user.type(screen.getByLabelText('Password'), password);
    await user.type(screen.getByLabelText('Repeat the password'), confirm);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
  }

  it('checks the password and the confirmation before sending anything', async () => {
    const calls = route('/bff/signup', () => HttpResponse.json({ verify_email: true }, { status: 201 }));
    const { user } = renderApp('/signup');

    await fill(user, 'sam@example.org', 'short', 'shorter');

    const password = screen.getByLabelText('Password');
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveFocus();
    expect(password).toHaveAccessibleDescription(
      /does not meet all the requirements.*at least 10 characters/,
    );
    expect(screen.getByLabelText('Repeat the password')).toHaveAccessibleDescription(
      'The two passwords are not the same.',
    );
    expect(calls).toEqual([]);
  });

  it('shows which rules the password meets while typing', async () => {
    const { user } = renderApp('/signup');
    await user.type(await screen.findByLabelText('Password'), 'abCD');
    const rules = screen.getByText('Your password needs:').parentElement as HTMLElement;
    expect(within(rules).getByText(/2 lower-case and 2 upper-case/)).toHaveTextContent('(done)');
    expect(within(rules).getByText(/at least 1 digit/)).toHaveTextContent('(missing)');
  });

  it('sends the form and asks to check the inbox; the link can be sent again', async () => {
    const calls = route('/bff/signup', () => HttpResponse.json({ verify_email: true }, { status: 201 }));
    const resends = route('/bff/signup/resend', () => HttpResponse.json({ message: 'ok' }));
    const { user } = renderApp('/signup');

    await fill(user, ' Sam@Example.org ', 'GoodPassword12');

    expect(await screen.findByRole('heading', { name: 'Check your inbox' })).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent(
      'We have sent a confirmation link to sam@example.org.',
    );
    expect(calls).toEqual([
      {
        firstname: 'Sam',
        lastname: '',
        email: 'sam@example.org',
        password: 'GoodPassword12',
        language: 'en',
      },
    ]);

    await user.click(screen.getByRole('button', { name: 'send the link again' }));
    expect(await screen.findByText('A new link is on its way to sam@example.org.')).toBeInTheDocument();
    expect(resends).toEqual([{ email: 'sam@example.org' }]);
  });

  it('signs the person in at once when the helpdesk sends no mail', async () => {
    route('/bff/signup', (body) => {
      addAccount(buildUser({ login: String(body.email), email: String(body.email) }), String(body.password));
      return HttpResponse.json({ verify_email: false }, { status: 201 });
    });
    const { user, router } = renderApp('/signup');

    await fill(user, 'instant@example.org', 'GoodPassword12');

    expect(await screen.findByRole('heading', { level: 1, name: 'My tickets' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
  });

  it('explains a taken address and offers sign-in and reset', async () => {
    route('/bff/signup', () =>
      bffError(422, 'email_taken', 'An account with this e-mail address already exists.'),
    );
    const { user } = renderApp('/signup');

    await fill(user, 'customer@example.org', 'GoodPassword12');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('An account with this e-mail address already exists.');
    expect(within(alert).getByRole('link', { name: 'Forgot your password?' })).toHaveAttribute(
      'href',
      '/password-reset',
    );
    expect(screen.getByRole('button', { name: 'Create account' })).toBeEnabled();
  });

  it('shows the server’s refusal of a weak password and limits in German', async () => {
    route('/bff/signup', () => bffError(429, 'rate_limited', 'Too many sign-ups from your network.'));
    act(() => setLanguage('de'));
    const { user } = renderApp('/signup');
    await user.type(await screen.findByLabelText('E-Mail-Adresse'), 'sam@example.org');
    await user.type(screen.getByLabelText('Passwort'), 'GoodPassword12');
    await user.type(screen.getByLabelText('Passwort wiederholen'), 'GoodPassword12');
    await user.click(screen.getByRole('button', { name: 'Konto anlegen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Zu viele Versuche.');
  });
});

describe('confirmation link', () => {
  it('confirms once, signs the person in and continues to their tickets', async () => {
    const person = buildUser({ name: 'Sam Signup' });
    const calls = route('/bff/signup/verify', () => {
      db.sessionUser = person;
      return HttpResponse.json({ user: person });
    });
    const { user } = renderApp('/signup/verify/tok-123');

    expect(screen.getByRole('status')).toHaveTextContent('Confirming your e-mail address…');
    expect(
      await screen.findByText('Your e-mail address is confirmed and you are signed in. Welcome, Sam Signup!'),
    ).toHaveAttribute('role', 'status');
    expect(calls).toEqual([{ token: 'tok-123' }]);
    await user.click(screen.getByRole('link', { name: 'Continue to my tickets' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My tickets' })).toBeInTheDocument();
  });

  it('explains a dead link and offers a new one', async () => {
    route('/bff/signup/verify', () => bffError(422, 'invalid_token', 'This link is invalid or has expired.'));
    const resends = route('/bff/signup/resend', () => HttpResponse.json({ message: 'ok' }));
    const { user } = renderApp('/signup/verify/old');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This link is invalid, has already been used or has expired.',
    );
    await user.type(screen.getByLabelText('E-mail address'), 'sam@example.org');
    await user.click(screen.getByRole('button', { name: 'send the link again' }));
    expect(await screen.findByText('A new link is on its way to sam@example.org.')).toBeInTheDocument();
    expect(resends).toEqual([{ email: 'sam@example.org' }]);
  });
});

describe('password reset', () => {
  it('asks for a link and answers the same whoever asks', async () => {
    const calls = route('/bff/password-reset', () => HttpResponse.json({ message: 'ok' }));
    const { user } = renderApp('/password-reset');

    await user.type(await screen.findByLabelText('Login or e-mail address'), 'someone@example.org');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'If an account exists for “someone@example.org”, we have sent a link to its e-mail address.',
    );
    expect(calls).toEqual([{ username: 'someone@example.org' }]);
  });

  it('shows a clear message when asking too often', async () => {
    route('/bff/password-reset', () => bffError(429, 'rate_limited', 'Too many requests.'));
    const { user } = renderApp('/password-reset');
    await user.type(await screen.findByLabelText('Login or e-mail address'), 'someone@example.org');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts.');
  });

  it('refuses a dead link up front', async () => {
    route('/bff/password-reset/verify', () => bffError(422, 'invalid_token', 'This link is invalid.'));
    renderApp('/password-reset/dead');
    expect(await screen.findByRole('alert')).toHaveTextContent('This link is invalid, has already been used');
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute(
      'href',
      '/password-reset',
    );
  });

  it('sets the new password, then the person signs in with it', async () => {
    const calls = route('/bff/password-reset/verify', (body) =>
      body.password === 'SomethingWeakButLong1'
        ? bffError(422, 'weak_password', 'Too weak.')
        : HttpResponse.json({ login: 'sam@example.org' }),
    );
    const { user, router } = renderApp('/password-reset/tok-9');

    expect(await screen.findByText('Choose a new password for sam@example.org.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('New password'), 'NewPassword12');
    await user.type(screen.getByLabelText('Repeat the password'), 'NewPassword13');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(screen.getByLabelText('Repeat the password')).toHaveFocus();
    expect(calls).toEqual([{ token: 'tok-9' }]);

    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'SomethingWeakButLong1');
    await user.clear(screen.getByLabelText('Repeat the password'));
    await user.type(screen.getByLabelText('Repeat the password'), 'SomethingWeakButLong1');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This password is too weak.');

    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'NewPassword12');
    await user.clear(screen.getByLabelText('Repeat the password'));
    await user.type(screen.getByLabelText('Repeat the password'), 'NewPassword12');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByRole('status')).toHaveTextContent('Your password has been changed.');
    expect(screen.getByLabelText('Login or e-mail')).toHaveValue('sam@example.org');
    expect(calls.at(-1)).toEqual({ token: 'tok-9', password: 'NewPassword12' });
  });
});
