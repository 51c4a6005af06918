import { expect } from '@open-wc/testing';
import { EmbedError } from '../src/core/errors.js';

describe('EmbedError', () => {
  it('carries a stable code and recoverability', () => {
    const err = new EmbedError('TOKEN_PROVIDER_FAILED', 'The token provider failed.');
    expect(err.code).to.equal('TOKEN_PROVIDER_FAILED');
    expect(err.recoverable).to.equal(true);
    expect(new EmbedError('INVALID_INSTANCE', 'x').recoverable).to.equal(false);
  });
});
