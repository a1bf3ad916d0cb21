/**
 * The FieldDesk server's entry point: environment -> config -> start. Every problem that
 * stops the start (bad settings, unusable data directory, database unreachable, port in
 * use) is printed as one clear sentence and the process exits with status 1.
 *
 *   node server/dist/main.js [--init]      (built)     npm run dev -w @fielddesk/server  (source)
 */
import { createServer, type FieldDeskServer } from './app';
import { loadConfig, parseArgs, USAGE } from './config';
import { StartupError } from './errors';

function fail(message: string): never {
  process.stderr.write(`FieldDesk server could not start: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  try {
    if (parseArgs(argv).help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
  } catch (error) {
    fail((error as Error).message);
  }

  const config = loadConfig({ argv });
  const server: FieldDeskServer = await createServer(config);
  try {
    await server.app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await server.close().catch(() => undefined);
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`Port ${config.port} on ${config.host} is already in use. Stop the other program or set FIELDDESK_PORT.`);
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`Cannot listen on ${config.host}: this machine has no such address. Check FIELDDESK_HOST.`);
    if (code === 'EACCES') throw new StartupError(`Not allowed to listen on ${config.host}:${config.port}. Choose a port above 1024 with FIELDDESK_PORT.`);
    throw error;
  }

  const address = server.app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const lines = [`FieldDesk server listening on http://${shownHost}:${port} (${server.store.label})`];
  if (server.seed.seeded) lines.push(`Demo data created. Sign in as tech1, desk1 or admin with password "fielddesk-demo".`);
  if (!server.web.served) lines.push(`Web app not available: ${server.web.problem}. Build it with "npm run build:app" or set FIELDDESK_WEB_DIR.`);
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`FieldDesk server stopping (${signal})\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`FieldDesk server did not stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) fail(error.message);
  fail(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});
