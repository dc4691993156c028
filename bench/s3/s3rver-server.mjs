// s3rver (npm) on a free loopback port with bucket "images", for bench/s3.
// Prints "s3rver: ready on http://127.0.0.1:PORT". Its default credentials
// are S3RVER / S3RVER; it checks SigV4 header and query signatures.
//   node bench/s3/s3rver-server.mjs DIRECTORY
import S3rver from 's3rver';

const [directory] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: 'images' }],
});
const { address, port } = await server.run();
console.log(`s3rver: ready on http://${address}:${port}`);
