import { expect } from '@open-wc/testing';
import type { EmbedErrorCode } from '../../src/core/errors.js';
import { EmbedError } from '../../src/core/errors.js';
import {
  DEFAULT_REFERRER_POLICY,
  DEFAULT_SANDBOX,
  resolveSandbox,
  validateReferrerPolicy,
} from '../../src/frame/sandbox.js';

const INSTANCE = 'https://acme.biuwer.com';
const PAGE = 'https://app.example.com';

function errorOf(fn: () => unknown): EmbedError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(EmbedError);
    return error as EmbedError;
  }
  throw new Error('expected an EmbedError');
}

describe('resolveSandbox', () => {
  const accepted: Array<[string, string | null | undefined, string]> = [
    ['null means the default', null, DEFAULT_SANDBOX],
    ['undefined means the default', undefined, DEFAULT_SANDBOX],
    ['empty string is a fully sandboxed frame', '', ''],
    ['whitespace only is a fully sandboxed frame', ' \t\n', ''],
    ['keeps a custom list', 'allow-scripts allow-forms', 'allow-scripts allow-forms'],
    [
      'drops duplicates and collapses whitespace',
      '  allow-scripts\tallow-scripts \n allow-forms ',
      'allow-scripts allow-forms',
    ],
    [
      'lower-cases keywords as the browser does',
      'Allow-Scripts ALLOW-FORMS',
      'allow-scripts allow-forms',
    ],
    ['accepts allow-modals', 'allow-modals', 'allow-modals'],
    [
      'accepts the storage access keyword',
      'allow-storage-access-by-user-activation',
      'allow-storage-access-by-user-activation',
    ],
  ];
  for (const [label, value, expected] of accepted) {
    it(label, () => {
      expect(resolveSandbox(value, INSTANCE, PAGE)).to.equal(expected);
    });
  }

  const refused: Array<[string, string | null, string, EmbedErrorCode, string?]> = [
    [
      'an unknown keyword',
      'allow-scripts allow-evrything',
      PAGE,
      'INVALID_SANDBOX',
      'allow-evrything',
    ],
    ['a never-shipped keyword', 'allow-downloads-without-user-activation', PAGE, 'INVALID_SANDBOX'],
    [
      'a non-breaking space inside the list',
      'allow-scripts\u00a0allow-forms',
      PAGE,
      'INVALID_SANDBOX',
    ],
    ['allow-top-navigation', 'allow-scripts allow-top-navigation', PAGE, 'UNSAFE_SANDBOX'],
    ['allow-top-navigation in capitals', 'ALLOW-TOP-NAVIGATION', PAGE, 'UNSAFE_SANDBOX'],
    [
      'allow-top-navigation-by-user-activation',
      'allow-top-navigation-by-user-activation',
      PAGE,
      'UNSAFE_SANDBOX',
    ],
    [
      'allow-top-navigation-to-custom-protocols',
      'allow-top-navigation-to-custom-protocols',
      PAGE,
      'UNSAFE_SANDBOX',
    ],
    ['the default on the same origin', null, INSTANCE, 'UNSAFE_SANDBOX', 'same origin'],
    [
      'scripts + same-origin on the same origin',
      'allow-same-origin allow-scripts',
      INSTANCE,
      'UNSAFE_SANDBOX',
    ],
    ['the same origin spelled with a trailing slash', null, `${INSTANCE}/`, 'UNSAFE_SANDBOX'],
  ];
  for (const [label, value, pageOrigin, code, mentions] of refused) {
    it(`refuses ${label}`, () => {
      const error = errorOf(() => resolveSandbox(value, INSTANCE, pageOrigin));
      expect(error.code).to.equal(code);
      if (mentions) expect(error.message).to.contain(mentions);
    });
  }

  it('allows scripts without same-origin on the same origin', () => {
    expect(resolveSandbox('allow-scripts allow-forms', INSTANCE, INSTANCE)).to.equal(
      'allow-scripts allow-forms',
    );
    expect(resolveSandbox('', INSTANCE, INSTANCE)).to.equal('');
  });
});

describe('validateReferrerPolicy', () => {
  it('defaults when missing or empty', () => {
    expect(validateReferrerPolicy(null)).to.equal(DEFAULT_REFERRER_POLICY);
    expect(validateReferrerPolicy(undefined)).to.equal(DEFAULT_REFERRER_POLICY);
    expect(validateReferrerPolicy('')).to.equal(DEFAULT_REFERRER_POLICY);
  });

  it('accepts every standard policy, case-insensitively', () => {
    expect(validateReferrerPolicy('no-referrer')).to.equal('no-referrer');
    expect(validateReferrerPolicy('Same-Origin')).to.equal('same-origin');
    expect(validateReferrerPolicy('unsafe-url')).to.equal('unsafe-url');
  });

  it('refuses anything else', () => {
    expect(errorOf(() => validateReferrerPolicy('never')).code).to.equal('INVALID_FRAME_OPTION');
  });
});
