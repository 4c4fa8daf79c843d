import { registerStrings } from '@/lib/i18n';

/** Strings of the sign-in page, the sign-in form and the sign-out button. */
registerStrings({
  en: {
    auth: {
      title: 'Sign in',
      expired: 'Your session has ended. Please sign in again.',
      passwordChanged: 'Your password has been changed. Sign in with your new password.',
      loginLabel: 'Login or e-mail',
      passwordLabel: 'Password',
      submit: 'Sign in',
      submitting: 'Signing in…',
      failed: 'Signing in failed. Please try again.',
      wrongCredentials:
        'Wrong login or password. If you have just created your account, first open the confirmation link we e-mailed you.',
      rateLimited: 'Too many sign-in attempts. Please wait a few minutes and try again.',
      forgotPassword: 'Forgot your password?',
      noAccount: 'New here?',
      createAccount: 'Create an account',
      helpBefore: 'Looking for an answer?',
      helpLink: 'Search the help center',
      helpAfter: 'without signing in.',
      signOut: 'Sign out',
      signOutFailed: 'Signing out failed. Try again.',
    },
  },
  de: {
    auth: {
      title: 'Anmelden',
      expired: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
      passwordChanged: 'Ihr Passwort wurde geändert. Melden Sie sich mit dem neuen Passwort an.',
      loginLabel: 'Benutzername oder E-Mail',
      passwordLabel: 'Passwort',
      submit: 'Anmelden',
      submitting: 'Anmeldung läuft…',
      failed: 'Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
      wrongCredentials:
        'Benutzername oder Passwort ist falsch. Wenn Sie Ihr Konto gerade erst angelegt haben, öffnen Sie zuerst den Bestätigungslink aus unserer E-Mail.',
      rateLimited:
        'Zu viele Anmeldeversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
      forgotPassword: 'Passwort vergessen?',
      noAccount: 'Neu hier?',
      createAccount: 'Konto anlegen',
      helpBefore: 'Suchen Sie eine Antwort?',
      helpLink: 'Durchsuchen Sie das Hilfe-Center',
      helpAfter: 'ohne Anmeldung.',
      signOut: 'Abmelden',
      signOutFailed: 'Die Abmeldung ist fehlgeschlagen. Bitte erneut versuchen.',
    },
  },
});
