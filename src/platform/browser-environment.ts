import type { Environment } from '../core/environment.js';

/**
 * The browser's signals that wall-clock time may have passed unseen: the tab became
 * visible, the page came back from the back/forward cache (`pageshow`), the network
 * returned, or a frozen page resumed (`resume`, Chrome's Page Lifecycle). Each
 * subscription adds its own listeners and removes them when unsubscribed.
 */
export function browserEnvironment(): Environment {
  return {
    isOnline: () => navigator.onLine !== false,
    onWake(callback) {
      const onVisibility = (): void => {
        if (document.visibilityState === 'visible') callback();
      };
      document.addEventListener('visibilitychange', onVisibility);
      document.addEventListener('resume', callback);
      window.addEventListener('pageshow', callback);
      window.addEventListener('online', callback);
      return () => {
        document.removeEventListener('visibilitychange', onVisibility);
        document.removeEventListener('resume', callback);
        window.removeEventListener('pageshow', callback);
        window.removeEventListener('online', callback);
      };
    },
    onOnline(callback) {
      window.addEventListener('online', callback);
      return () => window.removeEventListener('online', callback);
    },
  };
}
