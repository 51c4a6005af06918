/// <reference types="biuwer-embed/types/preact" />
export function App() {
  return (
    <biuwer-session instance="https://acme.biuwer.com" token="t" class="x">
      <biuwer-card
        resource="ca4d00000000000000000001"
        loading="lazy"
        tokenProvider={async () => 't'}
        onbiuwer-state-change={(e) => void e.detail.state}
      />
      {/* @ts-expect-error loading is 'lazy' | 'eager' */}
      <biuwer-page loading="soon" />
    </biuwer-session>
  );
}
