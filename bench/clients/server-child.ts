/**
 * The server process for the 50-client load: the real createServer on the store given in
 * BENCH_STORE (JSON of lib/stores.ts BenchStore), listening on 127.0.0.1 on a free port. Prints
 * {"port":N} on stdout once listening; closes on SIGTERM or when its stdin closes (so it
 * never outlives the benchmark).
 */
import { createServer } from '../../server/src/app';
import { installSqlStats, reportSqlStats } from '../lib/sql-stats';
import { benchConfig, type BenchStore } from '../lib/stores';

const raw = process.env.BENCH_STORE;
if (!raw) throw new Error('BENCH_STORE (JSON of a BenchStore) is required.');
installSqlStats();
const server = await createServer({ ...benchConfig(JSON.parse(raw) as BenchStore), seedDemoData: false });
await server.app.listen({ host: '127.0.0.1', port: 0 });
const address = server.app.server.address();
if (!address || typeof address === 'string') throw new Error('The server has no TCP address.');
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  reportSqlStats('the 50-client load (server child)');
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
