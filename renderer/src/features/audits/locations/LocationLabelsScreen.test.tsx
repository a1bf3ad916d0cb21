import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PDFDocument } from 'pdf-lib';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Location, Site } from '@fielddesk/common/domain/entities';
import { freshDb, site } from '../../../../test/fixtures';
import { renderInWorkspace } from '../../../../test/render';
import { LocationLabelsScreen } from './LocationLabelsScreen';

const other: Site = { id: uuidv7(), code: 'LY', name: 'Lyon', timeZone: 'Europe/Paris', address: '', rev: 1 };
const loc = (name: string, siteId = site.id): Location => ({ id: uuidv7(), siteId, name, rev: 1 });
const rooms = [loc('Room 10'), loc('Room 2'), loc('Store'), loc('Lyon lab', other.id)];

describe('LocationLabelsScreen', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists the user’s site’s locations, and prints the ticked ones as one PDF', async () => {
    const db = freshDb('location-labels');
    await db.sites.bulkPut([site, other]);
    await db.locations.bulkPut(rooms);
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:x';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderInWorkspace(<LocationLabelsScreen />, { db });
    const table = await screen.findByTestId('locations-table');
    // Natural order; another site's locations are not listed.
    expect(within(table).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual([`Room 2LOC:${rooms[1]!.id}`, `Room 10LOC:${rooms[0]!.id}`, `StoreLOC:${rooms[2]!.id}`]);
    const print = screen.getByTestId('print-location-labels');
    expect((print as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByLabelText('Select every location shown'));
    expect(print.textContent).toBe('Print labels (3)');
    fireEvent.click(screen.getByLabelText('Select Store'));
    expect(print.textContent).toBe('Print labels (2)');
    expect(screen.getByTestId('location-label-preview').getAttribute('alt')).toBe('Label of Room 2');

    fireEvent.click(print);
    await waitFor(() => expect(names).toEqual(['location-labels-Headquarters.pdf']));
    const doc = await PDFDocument.load(new Uint8Array(await blobs[0]!.arrayBuffer()));
    expect(doc.getTitle()).toBe('Location labels');
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getWidth()).toBeCloseTo(595.28, 1);
  });

  it('filters by name, and says when a site has no locations', async () => {
    const db = freshDb('location-labels-2');
    await db.sites.bulkPut([site, { ...other, name: 'Annecy' }]);
    await db.locations.bulkPut(rooms.slice(0, 3));
    renderInWorkspace(<LocationLabelsScreen />, { db });
    await screen.findByTestId('locations-table');
    fireEvent.change(screen.getByPlaceholderText('Location name'), { target: { value: 'room' } });
    expect(within(screen.getByTestId('locations-table')).getAllByRole('row')).toHaveLength(3);
    fireEvent.click(screen.getByLabelText('Select every location shown'));
    expect(screen.getByTestId('print-location-labels').textContent).toBe('Print labels (2)');
  });
});
