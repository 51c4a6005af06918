/* global fetch */
// The `issue` function the server examples share: one call to the token API of the Biuwer
// instance at `apiUrl`. Here it is the share simulator's admin API (`POST /__sim/tokens`),
// which stands in for Biuwer's; with a real instance, replace the request below with
// Biuwer's token call (user, validity window, single use) and its API key.
/**
 * @param {string} apiUrl
 * @returns {(request: import('biuwer-embed/server').IssueRequest) => Promise<import('biuwer-embed/server').IssuedToken>}
 */
export function biuwerIssue(apiUrl) {
  return async ({ userId, validFrom, validTo, singleUse, signal }) => {
    const response = await fetch(new URL('/__sim/tokens', apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        userId,
        from: validFrom.getTime(),
        to: validTo?.getTime(),
        singleUse,
      }),
      signal,
    });
    // The handler answers 502 for this, and tells no one why: your logs (onError) do.
    if (!response.ok) throw new Error(`Biuwer answered HTTP ${response.status}`);
    const { token, expiresAt } = await response.json();
    return { token, expiresAt };
  };
}
