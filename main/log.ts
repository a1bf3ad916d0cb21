/**
 * The logger main's modules write to. index.ts gives them a console-backed one;
 * tests give them a recording one, so a test can assert that something was said.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.info(`[fielddesk] ${m}`),
  warn: (m) => console.warn(`[fielddesk] ${m}`),
  error: (m) => console.error(`[fielddesk] ${m}`),
};

/** A logger that drops everything; for callers that do not care. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A logger that remembers what it was told (tests). */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}
