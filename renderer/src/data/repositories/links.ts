/**
 * Linking a ticket to assets, configuration items and knowledge articles. A link is created
 * or deleted (unlinking), never edited; each is ONE Dexie transaction (record + outbox op).
 */
import { v7 as uuidv7 } from 'uuid';
import type { LinkTarget } from '@fielddesk/common/domain/entities';
import { writeLocal } from './write';
import type { IntentResult, RepositoryContext } from './tickets';

export interface LinkRepository {
  link(ticketId: string, targetEntity: LinkTarget, targetId: string): Promise<IntentResult>;
  unlink(linkId: string): Promise<IntentResult>;
}

const TARGET_NAMES: Record<LinkTarget, string> = { asset: 'asset', configuration_item: 'configuration item', knowledge_article: 'knowledge article' };

export function createLinkRepository(ctx: RepositoryContext): LinkRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());
  const targetTable = (entity: LinkTarget) => (entity === 'asset' ? db.assets : entity === 'configuration_item' ? db.configurationItems : db.knowledgeArticles);

  return {
    async link(ticketId, targetEntity, targetId) {
      return db.transaction('rw', [db.tickets, db.ticketLinks, db.assets, db.configurationItems, db.knowledgeArticles, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        if (!(await db.tickets.get(ticketId))) return { ok: false, reason: 'This ticket is not on this device.' };
        if (!(await targetTable(targetEntity).get(targetId))) return { ok: false, reason: `The ${TARGET_NAMES[targetEntity]} is not on this device.` };
        const existing = await db.ticketLinks.where('ticketId').equals(ticketId).filter((l) => l.targetEntity === targetEntity && l.targetId === targetId).first();
        if (existing) return { ok: false, reason: `This ${TARGET_NAMES[targetEntity]} is already linked to the ticket.` };
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'ticket_link', kind: 'create', id, data: { ticketId, targetEntity, targetId }, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async unlink(linkId) {
      return db.transaction('rw', [db.ticketLinks, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const link = await db.ticketLinks.get(linkId);
        if (!link) return { ok: false, reason: 'This link is not on this device (it may already be removed).' };
        const entry = await writeLocal(db, ctx.userId, link, { entity: 'ticket_link', kind: 'delete', id: linkId, clientTime: now().toISOString() });
        return { ok: true, id: linkId, opId: entry.opId };
      });
    },
  };
}
