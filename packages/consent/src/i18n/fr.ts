import type { Messages } from './messages.ts';

export const fr: Messages = {
  dialog: 'Consentement aux cookies',
  text: 'Nous n’utilisons des cookies facultatifs de préférences, de mesure d’audience et de marketing qu’avec votre accord. Vous pouvez modifier votre choix à tout moment.',
  privacy: 'Politique de confidentialité',
  cookies: 'Politique relative aux cookies',
  acceptAll: 'Tout accepter',
  rejectAll: 'Tout refuser',
  customize: 'Personnaliser',
  settings: 'Paramètres des cookies',
  save: 'Enregistrer mes choix',
  close: 'Fermer',
  alwaysOn: 'Toujours actifs',
  record: 'Télécharger la preuve de mon consentement',
  gpc: 'Les cookies marketing sont désactivés, car votre navigateur envoie le signal Global Privacy Control.',
  blocked: 'Ce contenu peut déposer des cookies.',
  only: 'Toujours autoriser n’active que :',
  once: 'Charger une fois',
  always: 'Toujours autoriser',
  necessary: [
    'Strictement nécessaires',
    'Indispensables au fonctionnement du site et à la mémorisation de votre choix.',
  ],
  preferences: ['Préférences', 'Mémorisent vos réglages, comme la langue.'],
  analytics: ['Mesure d’audience', 'Nous aident à comprendre comment le site est utilisé.'],
  marketing: ['Marketing', 'Nous permettent de donner suite à votre intérêt et de mesurer nos campagnes.'],
};
