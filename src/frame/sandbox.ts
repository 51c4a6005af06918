/**
 * Frame attribute defaults and the checks that keep an integrator's overrides from
 * weakening the frame: unknown sandbox keywords, top navigation, and a sandbox the framed
 * page could lift itself.
 */
import { EmbedError } from '../core/errors.js';

export const DEFAULT_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads';
export const DEFAULT_ALLOW = 'fullscreen; clipboard-write';
export const DEFAULT_REFERRER_POLICY: ReferrerPolicy = 'strict-origin-when-cross-origin';

/**
 * The HTML standard's sandbox keywords, plus `allow-storage-access-by-user-activation`
 * (Storage Access API). `allow-downloads-without-user-activation` is left out on purpose:
 * it was a Chrome experiment that never shipped, so accepting it would only hide a typo-like
 * mistake. Top-navigation keywords are known but refused separately (see below).
 */
const KNOWN_SANDBOX_TOKENS: ReadonlySet<string> = new Set([
  'allow-downloads',
  'allow-forms',
  'allow-modals',
  'allow-orientation-lock',
  'allow-pointer-lock',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-presentation',
  'allow-same-origin',
  'allow-scripts',
  'allow-storage-access-by-user-activation',
]);

/** Letting the embedded content navigate the host page away is never acceptable. */
const TOP_NAVIGATION = /^allow-top-navigation/;

/** HTML splits token lists on ASCII whitespace only; U+00A0 and friends are token characters. */
const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/**
 * Validates a `sandbox` override and returns the normalized attribute value (lower case,
 * single spaces, duplicates removed). `null`/`undefined` means "use the default"; the empty
 * string is a legitimate, fully sandboxed frame.
 *
 * @throws EmbedError `INVALID_SANDBOX` for an unknown keyword, `UNSAFE_SANDBOX` for
 *   top navigation or for allow-scripts + allow-same-origin on the page's own origin.
 */
export function resolveSandbox(
  value: string | null | undefined,
  instanceOrigin: string,
  pageOrigin: string,
): string {
  const tokens = new Set<string>();
  for (const raw of (value ?? DEFAULT_SANDBOX).split(ASCII_WHITESPACE)) {
    if (raw === '') continue;
    // Browsers match sandbox keywords ASCII case-insensitively, so must we: otherwise
    // `ALLOW-TOP-NAVIGATION` would slip past the check below and still take effect.
    const token = raw.toLowerCase();
    if (TOP_NAVIGATION.test(token)) {
      throw new EmbedError(
        'UNSAFE_SANDBOX',
        `The sandbox keyword "${token}" would let the embedded content navigate this page away; it is not allowed.`,
      );
    }
    if (!KNOWN_SANDBOX_TOKENS.has(token)) {
      throw new EmbedError('INVALID_SANDBOX', `Unknown sandbox keyword "${raw}".`);
    }
    tokens.add(token);
  }

  // A same-origin document with scripts can reach into its own <iframe> element and delete
  // the sandbox attribute, so the combination is only safe across origins.
  if (
    tokens.has('allow-scripts') &&
    tokens.has('allow-same-origin') &&
    sameOrigin(instanceOrigin, pageOrigin)
  ) {
    throw new EmbedError(
      'UNSAFE_SANDBOX',
      'The Biuwer instance has the same origin as this page; with allow-scripts and allow-same-origin the frame could remove its own sandbox.',
    );
  }
  return [...tokens].join(' ');
}

function sameOrigin(a: string, b: string): boolean {
  return normalizeOrigin(a) === normalizeOrigin(b);
}

/** Tolerates a trailing slash or letter case, so the refusal cannot be dodged by spelling. */
function normalizeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value;
  }
}

/** The referrer policies a frame accepts (the empty string means the kit's default). */
export const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
] as const satisfies readonly ReferrerPolicy[];
const KNOWN_POLICIES: ReadonlySet<string> = new Set(REFERRER_POLICIES);

/**
 * Validates a `referrerpolicy` override. Empty or missing means the kit's default rather
 * than the browser's, so that removing the attribute cannot silently widen what is sent.
 *
 * @throws EmbedError `INVALID_FRAME_OPTION` for anything that is not a referrer policy.
 */
export function validateReferrerPolicy(value: string | null | undefined): ReferrerPolicy {
  const policy = (value ?? '').trim().toLowerCase();
  if (policy === '') return DEFAULT_REFERRER_POLICY;
  if (!KNOWN_POLICIES.has(policy)) {
    throw new EmbedError('INVALID_FRAME_OPTION', `Unknown referrer policy "${value}".`);
  }
  return policy as ReferrerPolicy;
}
