#!/usr/bin/env node
// npm start: the demo host application (Vite + its backend) and the share simulator (a local
// Biuwer instance), on two origins, in one process. HOST_PORT / SHARE_PORT change the ports;
// DEMO_MINUTE_SECONDS shortens the "60-second" policy. Ctrl-C stops both.
import { startDemo } from './server/index.js';

function port(name, fallback) {
  const text = process.env[name] ?? String(fallback);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name}="${text}" is not a port number.`);
    process.exit(1);
  }
  return value;
}

const hostPort = port('HOST_PORT', 5173);
const sharePort = port('SHARE_PORT', 5174);

let demo;
try {
  demo = await startDemo({ hostPort, sharePort });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

console.log(`
  biuwer-embed demo

  Host application   ${demo.hostUrl}      ← open this one
  Biuwer instance    ${demo.shareUrl}     (share simulator, another origin)

  Sign in as Ana (Northwind Rentals) or Ben (Contoso Films), pick a token policy and
  watch the token timeline. Ctrl-C stops both servers.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(0), 3000);
  force.unref();
  await demo.close();
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
