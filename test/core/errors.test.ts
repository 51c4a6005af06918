import { expect } from '@open-wc/testing';
import { aborted, EmbedError, isEmbedError, toEmbedError } from '../../src/core/errors.js';

describe('error helpers', () => {
  it('isEmbedError tells kit errors apart, and by code when one is given', () => {
    const timeout = new EmbedError('LOCK_TIMEOUT', 'Timed out.');
    expect(isEmbedError(timeout)).to.equal(true);
    expect(isEmbedError(timeout, 'LOCK_TIMEOUT')).to.equal(true);
    expect(isEmbedError(timeout, 'ABORTED')).to.equal(false);
    expect(isEmbedError(new Error('LOCK_TIMEOUT'))).to.equal(false);
    expect(isEmbedError({ code: 'ABORTED', name: 'EmbedError' }, 'ABORTED')).to.equal(false);
  });

  it('aborted() is an unrecoverable ABORTED error carrying the abort reason', () => {
    const reason = new Error('superseded');
    const error = aborted(reason);
    expect(isEmbedError(error, 'ABORTED')).to.equal(true);
    expect(error.recoverable).to.equal(false);
    expect(error.cause).to.equal(reason);
    expect('cause' in aborted()).to.equal(false);
  });

  it('toEmbedError keeps kit errors and wraps anything else without quoting it', () => {
    const kit = new EmbedError('TOKEN_REJECTED', 'Refused.');
    expect(toEmbedError(kit)).to.equal(kit);
    const thrown = new Error('secret-token-text');
    const wrapped = toEmbedError(thrown);
    expect(wrapped.code).to.equal('TOKEN_PROVIDER_FAILED');
    expect(wrapped.recoverable).to.equal(true);
    expect(wrapped.cause).to.equal(thrown);
    expect(wrapped.message).not.to.contain('secret-token-text');
    expect(toEmbedError('a string').code).to.equal('TOKEN_PROVIDER_FAILED');
  });

  it('toEmbedError reports ABORTED for what abandoned work threw, kit errors excepted', () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    expect(toEmbedError(new TypeError('late'), controller.signal).code).to.equal('ABORTED');
    const kit = new EmbedError('TOKEN_PROVIDER_TIMEOUT', 'Slow.');
    expect(toEmbedError(kit, controller.signal)).to.equal(kit);
    expect(toEmbedError(new TypeError('x'), new AbortController().signal).code).to.equal(
      'TOKEN_PROVIDER_FAILED',
    );
  });
});
