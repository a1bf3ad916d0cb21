/**
 * Knowledge-centred support: an article drafted from a resolved ticket. The technician's
 * words become the article's skeleton (symptoms from the description, cause and workaround
 * from a problem, the fix from the resolution notes); they edit it before saving.
 *
 * The ticket's text is put into markdown as it is. That is safe: article bodies are only
 * ever rendered by Markdown.tsx, which shows raw HTML as text and sanitizes the rest.
 */
import type { Ticket } from '@fielddesk/common/domain/entities';

export interface ArticleDraft {
  title: string;
  body: string;
  category: string;
  tags: string[];
  published: boolean;
  sourceTicketId: string | null;
}

export const EMPTY_DRAFT: ArticleDraft = { title: '', body: '', category: '', tags: [], published: false, sourceTicketId: null };

function section(heading: string, text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? `## ${heading}\n\n${trimmed}` : null;
}

/** What a ticket can give an article: true once it has resolution notes (or, for a problem, a workaround or root cause). */
export function hasResolution(ticket: Ticket): boolean {
  return Boolean(ticket.resolutionNotes?.trim() || (ticket.kind === 'problem' && (ticket.workaround?.trim() || ticket.rootCause?.trim())));
}

export function draftFromTicket(ticket: Ticket, number: string): ArticleDraft {
  const parts = [
    section('Symptoms', ticket.description),
    ticket.kind === 'problem' ? section('Cause', ticket.rootCause) : null,
    ticket.kind === 'problem' ? section('Workaround', ticket.workaround) : null,
    section('Resolution', ticket.resolutionNotes),
    `_Written from ${number}._`,
  ].filter((p): p is string => p !== null);
  const tags = [ticket.subcategory.trim()].filter((t) => t.length > 0 && t.length <= 50);
  return {
    title: ticket.title.slice(0, 300),
    body: parts.join('\n\n'),
    category: ticket.category.slice(0, 100),
    tags,
    published: false,
    sourceTicketId: ticket.id,
  };
}
