/* global location, URLSearchParams */
// What the examples embed. The defaults are the share simulator's seeded samples
// (`npm start`, or `node simulator/cli.js --port 5174`); override any of them in the URL:
// ?instance=https://acme.biuwer.com&token=…&page=…&card=…
const params = new URLSearchParams(location.search);

export const settings = {
  instance: params.get('instance') ?? 'http://127.0.0.1:5174',
  token: params.get('token') ?? 'a11ce0000000000000000000000000a1',
  page: params.get('page') ?? 'fa9e00000000000000000001',
  card: params.get('card') ?? 'ca4d00000000000000000001',
};
