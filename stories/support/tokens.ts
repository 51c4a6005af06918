// Tokens for the Storybook share page (.storybook/share/static-backend.js), which has no
// server: a token carries its own validity, `KIND.USER.EXPIRY.NONCE`, EXPIRY being epoch ms
// in base 36 (0 = never). KIND is `sb` (reusable), `su` (single use) or `rv` (revoked).
export type SampleUser = 'ana' | 'ben';
export type TokenKind = 'sb' | 'su' | 'rv';

/** The simulator's static sample tokens (simulator/seed.js): they never expire. */
export const STATIC_TOKENS: Record<SampleUser, string> = {
  ana: 'a11ce0000000000000000000000000a1',
  ben: 'be0000000000000000000000000000b1',
};

export function mintToken(options: {
  user: SampleUser;
  /** Epoch ms the share page stops accepting the token at; null = never. */
  expiresAt: number | null;
  kind?: TokenKind;
}): string {
  const nonce = Math.random().toString(36).slice(2, 12) || '0';
  const expiry = options.expiresAt === null ? '0' : Math.round(options.expiresAt).toString(36);
  return `${options.kind ?? 'sb'}.${options.user}.${expiry}.${nonce}`;
}
