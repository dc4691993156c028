// local-aws-sqs (npm) on a free loopback port, for bench/queue. Prints
// "local-aws-sqs: ready on http://127.0.0.1:PORT". It keeps its queues in
// memory and does not check signatures.
//   node bench/queue/local-aws-sqs-server.mjs
import { createSqsServer } from 'local-aws-sqs';

const server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
console.log(`local-aws-sqs: ready on http://127.0.0.1:${server.address().port}`);
