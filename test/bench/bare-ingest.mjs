// Baseline for the ingest benchmark: a bare node:http server that reads the body and answers 202.
import { createServer } from 'node:http';

const [port] = process.argv.slice(2);
createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(202);
    res.end();
  });
}).listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
