/**
 * Small JSON files in userData: read tolerant of absence, loud about corruption,
 * written atomically (temp file + rename) and readable by the user only.
 */
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log';

/**
 * The parsed file, or null when it does not exist. A file that is not valid JSON is
 * moved aside to "<name>.corrupt-<time>" (kept for diagnosis) and logged; null is returned.
 */
export async function readJsonFile(file: string, log: Logger, now: () => Date = () => new Date()): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const aside = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    log.error(`${path.basename(file)} is not valid JSON; moved it to ${aside} and started from empty.`);
    await rename(file, aside).catch(() => {});
    return null;
  }
}

/**
 * Writes `value` as JSON through a temp file and a rename. With `durable`, the temp file
 * is fsynced before the rename, so after a crash or power loss the file holds either
 * the old or the new content, never a truncated one.
 */
export async function writeJsonFile(file: string, value: unknown, options: { durable?: boolean } = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (options.durable) {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } else {
    await writeFile(temp, text, { mode: 0o600 });
  }
  try {
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
