export { normaliseEmail } from './email.ts';
export { MailLinkError } from './errors.ts';
export { createKeyring, type Keyring } from './keyring.ts';
export { createUnsubscribeLink, type UnsubscribeLink, type UnsubscribeLinkInput } from './link.ts';
export {
  TOKEN_MAX_AGE_DAYS,
  type UnsubscribeClaims,
  type VerifyFailure,
  type VerifyOptions,
  type VerifyResult,
  verifyUnsubscribeToken,
} from './verify.ts';
