/**
 * The worker_threads entry that runs a scan off Electron's main thread (systeminformation parses
 * a lot of command output synchronously; the window must stay responsive meanwhile).
 * Messages to the parent: {type:'progress', progress} then one {type:'result', result}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScan } from './scan';
import type { WorkerMessage, WorkerOptions } from './runInWorker';

if (parentPort === null) throw new Error('inventory worker: must be started as a worker thread');
const port = parentPort;
const options = (workerData ?? {}) as WorkerOptions;
const post = (message: WorkerMessage) => port.postMessage(message);

runScan({ timeoutMs: options.timeoutMs, onProgress: (progress) => post({ type: 'progress', progress }) }).then(
  (result) => post({ type: 'result', result }),
  (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
);
