/**
 * The signed-in workspace: one user's replica (Dexie), its sync engine and repositories.
 * Features read it with useWorkspace().
 */
import { createContext, useContext } from 'react';
import type { SessionUser } from '@fielddesk/common/api/http';
import type { FieldDeskDb } from '../data/db';
import type { TicketRepository } from '../data/repositories/tickets';
import type { ConflictRepository } from '../data/repositories/conflicts';
import type { AttachmentRepository } from '../data/repositories/attachments';
import type { TaskRepository } from '../data/repositories/tasks';
import type { LinkRepository } from '../data/repositories/links';
import type { CiRelationRepository } from '../data/repositories/ciRelations';
import type { AssetRepository } from '../data/repositories/assets';
import type { PurchaseOrderRepository } from '../data/repositories/purchaseOrders';
import type { ArticleRepository } from '../data/repositories/articles';
import type { InventoryRepository } from '../data/repositories/inventory';
import type { SyncEngine } from '../data/sync/engine';

export interface Workspace {
  user: SessionUser;
  serverUrl: string;
  db: FieldDeskDb;
  engine: SyncEngine;
  tickets: TicketRepository;
  tasks: TaskRepository;
  links: LinkRepository;
  /** Relationships between configuration items (the CMDB). */
  ciRelations: CiRelationRepository;
  assets: AssetRepository;
  /** Purchase orders, their lines, receiving a line into assets. */
  purchaseOrders: PurchaseOrderRepository;
  articles: ArticleRepository;
  conflicts: ConflictRepository;
  attachments: AttachmentRepository;
  /** This device: scans, their history, matching and registering it as an asset. */
  inventory: InventoryRepository;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error('useWorkspace must be used inside a signed-in workspace.');
  return ws;
}
