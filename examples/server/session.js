// Stands in for your authentication: a session id cookie mapped to a user id. Use what your
// app already has (express-session, Auth.js, Lucia…): the token handler only needs the id.
export const sessions = new Map();

/** The signed-in user's id, or null. @param {Request} request */
export function userOf(request) {
  const cookie = request.headers.get('cookie') ?? '';
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(cookie)?.[1];
  return (sid && sessions.get(sid)) ?? null;
}
