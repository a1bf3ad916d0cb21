import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, ServerProcess, TEMPLATE_ENV } from './server';

/**
 * Seeds the demo data once for the whole run (a real first start of the server: migrations and
 * demo seed) and hands the directory to every worker through the environment; each test's server
 * starts on its own copy (support/server.ts). Returns the teardown that removes it.
 */
export default async function globalSetup(): Promise<() => void> {
  const logDir = join(REPO_ROOT, 'e2e/artifacts');
  mkdirSync(logDir, { recursive: true });
  const template = await ServerProcess.seed(join(logDir, 'template-server.log'));
  process.env[TEMPLATE_ENV] = template;
  return () => rmSync(template, { recursive: true, force: true });
}
