import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TicketDetailScreen } from './TicketDetailScreen';
import { formatBytes } from './AttachmentsSection';
import { freshDb, makeTicket, seed, tech } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

// The whole ticket screen renders here; its first paint can take a while on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

describe('ticket attachments', () => {
  it('attaches a file: bytes to the platform, a record waiting to upload, thumbnail for images', async () => {
    const db = freshDb('attachments-ui');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    await db.attachments.put({
      id: '0195f0c8-0000-7000-8000-0000000000a1',
      ticketId: ticket.id,
      sha256: 'b'.repeat(64),
      fileName: 'manual.pdf',
      mimeType: 'application/pdf',
      size: 2_500_000,
      kind: 'file',
      authorId: tech.id,
      createdAt: '2026-03-01T08:00:00.000Z',
      uploaded: true,
      rev: 40,
    });
    const { server } = renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` });
    // Hold pushes: the new record stays as written locally for the assertions below.
    server.push = () => new Promise(() => {});

    await waitFor(() => expect(screen.getByText('manual.pdf').closest('a')?.getAttribute('href')).toBe(`http://fake.test/api/attachments/${'b'.repeat(64)}`));
    expect(screen.getByText('manual.pdf').closest('a')?.getAttribute('download')).toBe('manual.pdf');
    expect(screen.getByText('File · 2.4 MB')).toBeTruthy();
    expect(screen.queryByTestId('attachment-waiting')).toBeNull();

    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'site-photo.jpg', { type: 'image/jpeg' });
    await userEvent.upload(screen.getByLabelText('Attach file'), photo);

    await waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(2));
    expect(server.files.size).toBe(1);
    const [sha] = [...server.files.keys()];
    const thumb = (await screen.findByAltText('site-photo.jpg')) as HTMLImageElement;
    expect(thumb.getAttribute('src')).toBe(`http://fake.test/api/attachments/${sha}`);
    expect(screen.getByTestId('attachment-waiting').textContent).toBe('Waiting to upload');
    const [record] = await db.attachments.where('ticketId').equals(ticket.id).filter((a) => a.fileName === 'site-photo.jpg').toArray();
    expect(record).toMatchObject({ sha256: sha, size: 4, kind: 'photo', uploaded: false });
    expect(await db.outbox.count()).toBe(1);
  });

  it('shows why a file could not be attached', async () => {
    const db = freshDb('attachments-ui');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const { server } = renderInWorkspace(<TicketDetailScreen />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` });
    server.offline = true;

    await userEvent.upload(await screen.findByLabelText('Attach file'), new File(['x'], 'a.txt', { type: 'text/plain' }));

    expect((await screen.findByTestId('attachment-error')).textContent).toContain('"a.txt" could not be attached: Could not reach the FieldDesk server');
    expect(await db.attachments.count()).toBe(0);
  });

  it('formats sizes for people', () => {
    expect([formatBytes(12), formatBytes(2048), formatBytes(5 * 1024 * 1024)]).toEqual(['12 B', '2 KB', '5 MB']);
  });
});
