import type { Messages } from './messages.ts';

export const es: Messages = {
  dialog: 'Consentimiento de cookies',
  text: 'Solo usamos cookies opcionales de preferencias, analítica y marketing si das tu consentimiento. Puedes cambiar tu elección en cualquier momento.',
  privacy: 'Política de privacidad',
  cookies: 'Política de cookies',
  acceptAll: 'Aceptar todas',
  rejectAll: 'Rechazar todas',
  customize: 'Personalizar',
  settings: 'Configuración de cookies',
  save: 'Guardar selección',
  close: 'Cerrar',
  alwaysOn: 'Siempre activas',
  record: 'Descargar mi registro de consentimiento',
  gpc: 'Las cookies de marketing están desactivadas porque tu navegador envía la señal Global Privacy Control.',
  blocked: 'Este contenido puede instalar cookies. Al cargarlo se activan:',
  load: 'Cargar contenido',
  necessary: ['Estrictamente necesarias', 'Imprescindibles para que el sitio funcione y para recordar tu elección.'],
  preferences: ['Preferencias', 'Recuerdan ajustes como tu idioma.'],
  analytics: ['Analítica', 'Nos ayudan a entender cómo se usa el sitio.'],
  marketing: ['Marketing', 'Nos permiten responder a tu interés y medir nuestras campañas.'],
};
