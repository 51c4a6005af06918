import { expect } from '@open-wc/testing';
import { EmbedError } from '../../src/core/errors.js';
import {
  MAX_TOKEN_LENGTH,
  parseInstance,
  parseLifetime,
  validateResource,
  validateToken,
} from '../../src/core/validate.js';

function thrown(fn: () => unknown): EmbedError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(EmbedError);
    return err as EmbedError;
  }
  throw new Error('expected an EmbedError, nothing was thrown');
}

const SECRET = 'SECRET-abc123';

describe('validateToken / validateResource', () => {
  it('accepts UUID-like, JWT and full printable-ASCII tokens unchanged', () => {
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i))
      .join('')
      .replace(':', '');
    for (const value of [
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.abc_-DEF',
      printable,
      'x'.repeat(MAX_TOKEN_LENGTH),
    ]) {
      expect(validateToken(value)).to.equal(value);
      expect(validateResource(value)).to.equal(value);
    }
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a number', 42, /must be a string/],
    ['null', null, /must be a string, not null/],
    ['undefined', undefined, /must be a string/],
    ['an object', { token: SECRET }, /must be a string/],
    ['empty', '', /is empty/],
    ['too long', SECRET + 'x'.repeat(MAX_TOKEN_LENGTH), /longer than 4096 characters/],
    ['a colon', `${SECRET}:more`, /contains a ':' character/],
    ['a space', `${SECRET} x`, /whitespace/],
    ['a trailing newline', `${SECRET}\n`, /whitespace/],
    ['a tab', `\t${SECRET}`, /whitespace/],
    ['a NUL', `${SECRET}\0`, /outside printable ASCII/],
    ['DEL', `${SECRET}\x7f`, /outside printable ASCII/],
    ['non-ASCII', `${SECRET}é`, /outside printable ASCII/],
    ['an emoji', `${SECRET}🙂`, /outside printable ASCII/],
  ];
  for (const [label, value, message] of bad) {
    it(`rejects a token with ${label}, without quoting it`, () => {
      for (const [fn, code] of [
        [validateToken, 'INVALID_TOKEN'],
        [validateResource, 'INVALID_RESOURCE'],
      ] as const) {
        const err = thrown(() => fn(value));
        expect(err.code).to.equal(code);
        expect(err.recoverable).to.equal(false);
        expect(err.message).to.match(message);
        expect(err.message).not.to.include('SECRET');
        expect(err.message).not.to.include('abc123');
      }
    });
  }

  it('names which kind of token is wrong', () => {
    expect(thrown(() => validateToken('')).message).to.include('auth token');
    expect(thrown(() => validateResource('')).message).to.include('resource token');
  });
});

describe('parseInstance', () => {
  const good: Array<[string, string]> = [
    ['https://acme.biuwer.com', 'https://acme.biuwer.com'],
    ['https://acme.biuwer.com/', 'https://acme.biuwer.com'],
    ['  https://acme.biuwer.com  ', 'https://acme.biuwer.com'],
    ['HTTPS://ACME.Biuwer.COM', 'https://acme.biuwer.com'],
    ['https://acme.biuwer.com:443', 'https://acme.biuwer.com'],
    ['https://acme.biuwer.com:8443/', 'https://acme.biuwer.com:8443'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:4000/', 'http://127.0.0.1:4000'],
    ['http://127.5.6.7', 'http://127.5.6.7'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['https://localhost', 'https://localhost'],
  ];
  for (const [input, origin] of good) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      expect(parseInstance(input)).to.equal(origin);
    });
  }

  const bad: Array<[unknown, RegExp]> = [
    [undefined, /must be a string/],
    [42, /must be a string/],
    ['', /is empty/],
    ['   ', /is empty/],
    ['acme.biuwer.com', /not an absolute URL/],
    ['/share', /not an absolute URL/],
    ['//acme.biuwer.com', /not an absolute URL/],
    ['https://', /not an absolute URL/],
    ['http://acme.biuwer.com', /must use https/],
    ['http://192.168.1.10', /must use https/],
    ['http://localhost.evil.com', /must use https/],
    ['javascript:alert(1)', /not a javascript: URL/],
    ['data:text/html,hi', /not a data: URL/],
    ['ftp://acme.biuwer.com', /not a ftp: URL/],
    ['https://acme.biuwer.com/share', /without a path/],
    ['https://acme.biuwer.com/a/', /without a path/],
    ['https://acme.biuwer.com/?x=1', /query or fragment/],
    ['https://acme.biuwer.com?', /query or fragment/],
    ['https://acme.biuwer.com/#top', /query or fragment/],
    ['https://acme.biuwer.com#', /query or fragment/],
    ['https://user@acme.biuwer.com', /user name or password/],
    ['https://:@acme.biuwer.com', /user name or password/],
    ['https://acme.biuwer.com@evil.com', /user name or password/],
    ['https://acme.bi\nuwer.com', /control characters/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const err = thrown(() => parseInstance(input));
      expect(err.code).to.equal('INVALID_INSTANCE');
      expect(err.message).to.match(message);
    });
  }

  it('never echoes a password and keeps messages short', () => {
    const err = thrown(() => parseInstance(`https://admin:${SECRET}@acme.biuwer.com`));
    expect(err.message).not.to.include(SECRET);
    const long = thrown(() => parseInstance(`https://acme.biuwer.com/${'p'.repeat(5000)}`));
    expect(long.message.length).to.be.below(250);
  });
});

describe('parseLifetime', () => {
  const MIN = 60_000;
  const H = 60 * MIN;
  const D = 24 * H;
  const good: Array<[string, number]> = [
    ['2500ms', 2500],
    ['30s', 30_000],
    ['15m', 15 * MIN],
    ['1h', H],
    ['1d', D],
    ['30d', 30 * D],
    ['2w', 14 * D],
    [' 15m ', 15 * MIN],
    ['400d', 400 * D],
    ['PT15M', 15 * MIN],
    ['PT30S', 30_000],
    ['P1D', D],
    ['P1W', 7 * D],
    ['P1M', 30 * D],
    ['P1Y', 365 * D],
    ['P1DT12H', 36 * H],
    ['PT1H30M', 90 * MIN],
    ['p1d', D],
  ];
  for (const [input, ms] of good) {
    it(`reads ${JSON.stringify(input)} as ${ms} ms`, () => {
      expect(parseLifetime(input)).to.equal(ms);
    });
  }

  const bad: Array<[unknown, RegExp]> = [
    [3600, /bare number/],
    ['3600', /needs a unit/],
    [undefined, /must be a string/],
    ['', /not a duration/],
    ['0s', /shorter than 2.5 seconds/],
    ['PT0S', /shorter than 2.5 seconds/],
    ['999ms', /shorter than 2.5 seconds/],
    ['2499ms', /shorter than 2.5 seconds/],
    ['-15m', /not a duration/],
    ['1.5h', /not a duration/],
    ['15 m', /not a duration/],
    ['15M', /not a duration/],
    ['15min', /not a duration/],
    ['NaN', /not a duration/],
    ['P', /not a duration/],
    ['PT', /not a duration/],
    ['P1DT', /not a duration/],
    ['P1H', /not a duration/],
    ['401d', /longer than 400 days/],
    ['P14M', /longer than 400 days/],
    ['9'.repeat(400) + 'd', /longer than 400 days/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${String(JSON.stringify(input)).slice(0, 30)}`, () => {
      const err = thrown(() => parseLifetime(input));
      expect(err.code).to.equal('INVALID_LIFETIME');
      expect(err.message).to.match(message);
    });
  }
});
