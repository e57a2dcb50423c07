/**
 * `node connection-load-main.js <host> <port> <total> <concurrency>`: {@link connectionLoad} as
 * a process, so a benchmark can run the same load inside a lab namespace (direct) and on the
 * host (through a relay); prints its LoadResult as JSON.
 */
import { connectionLoad } from './connection-load.js';

const [host = '127.0.0.1', port = '7', total = '1000', concurrency = '100'] = process.argv.slice(2);
const result = await connectionLoad({ host, port: Number(port), total: Number(total), concurrency: Number(concurrency) });
process.stdout.write(`${JSON.stringify(result)}\n`);
