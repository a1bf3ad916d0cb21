/**
 * The search worker: holds the index, reads the replica itself (IndexedDB works in workers),
 * and answers searches, so neither indexing nor searching ever takes time from typing.
 *
 * It opens the user's database without declaring a schema (Dexie's dynamic mode): the page
 * owns the schema and its upgrades; the worker only reads. Dexie relays every committed write
 * of the page to this context over a BroadcastChannel (`storagemutated`), which IndexHost follows.
 */
import { Dexie } from 'dexie';
import { IndexHost } from './engine/indexHost';
import type { FromSearchWorker, ToSearchWorker } from './engine/protocol';

interface WorkerScope {
  postMessage(message: FromSearchWorker): void;
  onmessage: ((event: MessageEvent<ToSearchWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let host: IndexHost | null = null;

Dexie.on('storagemutated', (parts) => host?.onStorageMutated(parts));

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      if (host) return;
      host = new IndexHost(new Dexie(message.dbName), { onProgress: (progress) => scope.postMessage({ type: 'progress', progress }) });
      void host.start();
      return;
    }
    case 'search': {
      const result = host
        ? host.search(message.query, message.options)
        : { query: message.query, groups: [], partial: false, tookMs: 0 };
      scope.postMessage({ type: 'result', seq: message.seq, result });
      return;
    }
    case 'settled': {
      const seq = message.seq;
      void (host?.settled() ?? Promise.resolve()).then(() => scope.postMessage({ type: 'settled', seq }));
      return;
    }
  }
};
