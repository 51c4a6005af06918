#!/usr/bin/env node
// node simulator/cli.js [--port 5174] [--host 127.0.0.1] [--real-instance]   (or SHARE_PORT=5174)
// Starts the share simulator, prints its URL, stops on Ctrl-C / SIGTERM.
import { parseArgs } from 'node:util';
import { createStore, startShareServer } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SHARE_PORT ?? '5174' },
    host: { type: 'string', default: '127.0.0.1' },
    'real-instance': { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port "${values.port}".`);
  process.exit(1);
}

try {
  const store = createStore({ realInstance: values['real-instance'] });
  const sim = await startShareServer({ port, host: values.host, store });
  console.log(`Biuwer share simulator: ${sim.url}`);
  const stop = () => sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
