import { css } from 'lit';

/**
 * (Comments stay out of the template: they would ship in it.) A retrying button is
 * `aria-disabled`: it stays, keeps the keyboard focus and does nothing. `.live` is the live
 * region: read by screen readers, never seen.
 *
 * Sizing: `--biuwer-embed-height` sets the height (each element has its own default);
 * with `auto-height` the content's own height wins once the frame reports it.
 */
export const embedStyles = css`
  :host {
    display: block;
    position: relative;
    box-sizing: border-box;
    width: var(--biuwer-embed-width, 100%);
    height: var(--biuwer-embed-height, var(--biuwer-default-height, 600px));
    min-height: var(--biuwer-embed-min-height, 120px);
    background: var(--biuwer-embed-background, transparent);
    color: var(--biuwer-embed-color, #1f2933);
    font: var(--biuwer-embed-font, 14px/1.4 system-ui, sans-serif);
    contain: content;
  }
  :host([auto-height]) {
    height: var(--biuwer-content-height, var(--biuwer-embed-height, var(--biuwer-default-height)));
  }
  :host([hidden]) {
    display: none;
  }
  .stage,
  .overlay {
    position: absolute;
    inset: 0;
  }
  iframe {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    border: 0;
    display: block;
    background: transparent;
  }
  /* A rotating frame loads off-screen and takes over only after its load event. */
  iframe.incoming {
    visibility: hidden;
    pointer-events: none;
  }
  .overlay {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 12px;
    padding: 16px;
    text-align: center;
    background: var(--biuwer-embed-overlay-background, #f7f9fb);
    border-radius: var(--biuwer-embed-radius, 8px);
  }
  .skeleton {
    width: min(80%, 480px);
    display: grid;
    gap: 10px;
  }
  .skeleton span {
    display: block;
    height: 12px;
    border-radius: 6px;
    background: linear-gradient(90deg, #e4e9ef 25%, #eef2f6 50%, #e4e9ef 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  .skeleton span:nth-child(2) {
    width: 70%;
  }
  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton span {
      animation: none;
    }
  }
  .status-text {
    color: #52606d;
  }
  .error-title {
    margin: 0;
    font-weight: 600;
  }
  .error-message {
    margin: 0;
    color: #52606d;
    max-width: 48ch;
  }
  button {
    font: inherit;
    padding: 6px 14px;
    border-radius: 6px;
    border: 1px solid #1769aa;
    background: #1769aa;
    color: #fff;
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  .overlay:focus {
    outline: none;
  }
  .live {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button:focus-visible {
    outline: 3px solid #f0b429;
    outline-offset: 2px;
  }
`;
