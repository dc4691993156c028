// fauxqs (npm) on a free loopback port, for bench/queue. Prints
// "fauxqs: ready on http://127.0.0.1:PORT". It keeps its queues in memory
// and does not check signatures.
//   node bench/queue/fauxqs-server.mjs
import { startFauxqs } from 'fauxqs';

const server = await startFauxqs({ port: 0, logger: false });
console.log(`fauxqs: ready on http://127.0.0.1:${server.port}`);
