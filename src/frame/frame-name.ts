/**
 * Biuwer's embedding contract: the iframe `name` carries `RESOURCE_TOKEN:AUTH_TOKEN` and the
 * `src` is the instance's `/share` page. Tokens never go into the URL, where they would end
 * up in history, logs and Referer headers.
 */
import { parseInstance, validateResource, validateToken } from '../core/validate.js';

/**
 * Joins the two codes. The core validated them already; checking again here is what keeps a
 * `:` or whitespace smuggled in by a caller from producing a frame name Biuwer would split
 * differently.
 *
 * @throws EmbedError `INVALID_RESOURCE` / `INVALID_TOKEN`
 */
export function buildFrameName(resource: string, token: string): string {
  validateResource(resource);
  validateToken(token);
  return `${resource}:${token}`;
}

/** True when a frame name built by `buildFrameName` carries this auth token. */
export function nameCarriesToken(name: string, token: string): boolean {
  return name.endsWith(`:${token}`);
}

/**
 * The share page of an instance. The instance goes through the core's `parseInstance` again,
 * so a path, credentials or a non-https scheme can never turn into a frame `src`.
 *
 * @throws EmbedError `INVALID_INSTANCE`
 */
export function shareUrl(instanceOrigin: string): string {
  return `${parseInstance(instanceOrigin)}/share`;
}
