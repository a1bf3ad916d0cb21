/** Builds a signed-in user's workspace: their replica's repositories and sync engine. */
import type { SessionUser } from '@fielddesk/common/api/http';
import type { Platform } from '@fielddesk/common/ipc/contract';
import type { FieldDeskDb } from '../data/db';
import { createTicketRepository } from '../data/repositories/tickets';
import { createTaskRepository } from '../data/repositories/tasks';
import { createLinkRepository } from '../data/repositories/links';
import { createCiRelationRepository } from '../data/repositories/ciRelations';
import { createAssetRepository } from '../data/repositories/assets';
import { createPurchaseOrderRepository } from '../data/repositories/purchaseOrders';
import { createArticleRepository } from '../data/repositories/articles';
import { createConflictRepository } from '../data/repositories/conflicts';
import { createAttachmentRepository } from '../data/repositories/attachments';
import { createInventoryRepository } from '../data/repositories/inventory';
import { SyncEngine, type SyncEngineOptions } from '../data/sync/engine';
import type { Workspace } from './workspaceContext';

export function createWorkspace(options: {
  db: FieldDeskDb;
  platform: Platform;
  user: SessionUser;
  serverUrl: string;
  engine?: Partial<Omit<SyncEngineOptions, 'db' | 'platform' | 'userId'>>;
}): Workspace {
  const { db, platform, user, serverUrl } = options;
  const ctx = { db, userId: user.id };
  return {
    user,
    serverUrl,
    db,
    engine: new SyncEngine({ ...options.engine, db, platform, userId: user.id }),
    tickets: createTicketRepository(ctx),
    tasks: createTaskRepository(ctx),
    links: createLinkRepository(ctx),
    ciRelations: createCiRelationRepository(ctx),
    assets: createAssetRepository({ ...ctx, role: user.role, siteId: user.siteId }),
    purchaseOrders: createPurchaseOrderRepository({ ...ctx, user }),
    articles: createArticleRepository(ctx),
    conflicts: createConflictRepository(ctx),
    attachments: createAttachmentRepository({ ...ctx, platform }),
    inventory: createInventoryRepository({ ...ctx, platform, user }),
  };
}
