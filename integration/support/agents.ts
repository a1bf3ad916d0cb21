/**
 * What the real-agent tests share: a server with agent intake on, listening on a loopback port,
 * a state directory for the agent, a way to run the agent's command and keep its log, and row
 * counts to check what was recorded.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../../server/src/app';
import type { StoreHarness } from '../../server/test/stores';

export interface AgentRun {
  /** The exit code, or null when the agent could not be started or was killed. */
  code: number | null;
  log: string;
}

/** Runs an agent's command once, in the foreground, keeping everything it printed. */
export function execAgent(command: string, argv: string[]): Promise<AgentRun> {
  return new Promise((resolve) => {
    execFile(command, argv, { timeout: 180_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // execFile's error carries the exit code as a number (a string for a spawn failure).
      const exit: unknown = error ? (error as { code?: unknown }).code : 0;
      resolve({ code: typeof exit === 'number' ? exit : null, log: `${stdout}${stderr}${error && typeof exit !== 'number' ? `\n${error.message}` : ''}` });
    });
  });
}

export interface AgentServer {
  s: FieldDeskServer;
  /** The agent intake's address on the listening server. */
  url: string;
  /** A temporary directory for the agent's state, removed after the file's tests. */
  stateDir: string;
  count(table: 'assets' | 'inventory_documents'): Promise<number>;
}

/**
 * Starts a server without demo data, with agent intake on under `password`, before the file's
 * tests (unless `skip`), and removes the agent's state directory after them.
 */
export function useAgentServer(h: StoreHarness, password: string, stateDirPrefix: string, skip: boolean): AgentServer {
  const it = {} as AgentServer;
  beforeAll(async () => {
    if (skip) return;
    it.s = await h.start({ agentPassword: password, seedDemoData: false });
    await it.s.app.listen({ host: '127.0.0.1', port: 0 });
    const address = it.s.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server did not listen on a TCP port');
    it.url = `http://127.0.0.1:${address.port}${API.agentInventory}`;
    it.stateDir = mkdtempSync(path.join(tmpdir(), stateDirPrefix));
  });
  afterAll(() => {
    if (it.stateDir) rmSync(it.stateDir, { recursive: true, force: true });
  });
  it.count = async (table) =>
    Number(
      (
        await it.s.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return it;
}
