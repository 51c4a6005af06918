/// <reference types="biuwer-embed/types/solid" />
export function App() {
  return (
    <biuwer-session instance="https://acme.biuwer.com" token="t">
      <biuwer-card
        resource="ca4d00000000000000000001"
        prop:tokenProvider={async () => 't'}
        on:biuwer-error={(e) => void e.detail.code}
      />
      {/* @ts-expect-error loading is 'lazy' | 'eager' */}
      <biuwer-page loading="soon" />
    </biuwer-session>
  );
}
