/**
 * Hashes and checks staff passwords. The Node entry passes scrypt (`node/scrypt.ts`); the port
 * keeps the admin core free of Node APIs.
 */
export interface PasswordHasher {
  /** A self-describing encoded hash with its parameters and salt. */
  hash(password: string): Promise<string>;
  /** False for a wrong password or an encoded hash it cannot read; never throws for those. */
  verify(password: string, encoded: string): Promise<boolean>;
}

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase; bounds the work a single request can ask for. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Why a new password is refused, or undefined when it is acceptable. Length is counted in characters. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (password.trim() === '') return 'A password cannot be only spaces.';
  return undefined;
}
