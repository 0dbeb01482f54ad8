/**
 * The upload baseline: a node:http server that pipes one PUT body to a file and answers 201
 * when the file is flushed. Run as its own process (like the API), prints its port.
 */
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.argv[2] ?? '.';
let n = 0;
const server = createServer((req, res) => {
  const file = join(dir, `raw-${process.pid}-${n++}`);
  pipeline(req, createWriteStream(file)).then(
    () => res.writeHead(201).end(),
    () => res.writeHead(500).end(),
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
