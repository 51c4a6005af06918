// Dev server only (Storybook loads this file itself). Storybook serves static dirs without
// directory indexes, so the share page's address (INSTANCE/share, fixed by the kit) is mapped
// to its index.html here. The static build needs a server that does the same or redirects
// /share to /share/ (most do; test/storybook/static-server.js maps it).
export default function shareIndex(router) {
  router.use((req, res, next) => {
    const [path, query] = req.url.split('?');
    if (path === '/share' || path === '/share/') {
      req.url = `/share/index.html${query === undefined ? '' : `?${query}`}`;
    } else if (path === '/favicon.ico') {
      // iframe.html links no icon, so browsers ask for this one; Storybook has an SVG.
      res.writeHead(302, { location: '/favicon.svg' }).end();
      return;
    }
    next();
  });
}
