/// <reference types="biuwer-embed/types/react" />
import { BiuwerCard, BiuwerSession } from 'biuwer-embed/react.js';
import type { BiuwerCardElement } from 'biuwer-embed';

export function Wrappers() {
  return (
    <BiuwerSession instance="https://acme.biuwer.com" tokenProvider={async () => 'token'}>
      <BiuwerCard
        resource="fa9e00000000000000000001"
        loading="eager"
        onBiuwerLoad={(e) => void e.detail.rotated}
        onBiuwerError={(e) => void e.detail.code}
        onBiuwerTokenRefresh={(e) => void e.detail.expiresAt}
        onBiuwerStateChange={(e) => void e.detail.state}
        ref={(el: BiuwerCardElement | null) => void el?.reload()}
      />
      {/* @ts-expect-error loading is 'lazy' | 'eager' */}
      <BiuwerCard loading="soon" />
    </BiuwerSession>
  );
}

export function Intrinsic() {
  return (
    <biuwer-session instance="https://acme.biuwer.com" token-endpoint="/api/biuwer-token" user="u1">
      <biuwer-page resource="fa9e00000000000000000001" className="wide" />
      <biuwer-card
        resource="ca4d00000000000000000001"
        tokenProvider={async () => ({ token: 't', expiresIn: 60 })}
        onbiuwer-error={(e) => void e.detail.code}
      />
      {/* @ts-expect-error persist is 'indexeddb' | 'none' */}
      <biuwer-collection persist="cookies" />
    </biuwer-session>
  );
}
