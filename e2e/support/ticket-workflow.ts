import { expect, type Page, type TestInfo } from '@playwright/test';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { ServerView } from './api';
import type { ServerProcess } from './server';
import { TAKE_PICTURES, shot, signIn, takeServerAway } from './slice';

/**
 * Issue 4's technician workflow, shared by the web and desktop hosts: a technician takes a
 * new ticket and works it to closed with the server unreachable — refused changes first
 * (an assignee outside the group, a task due in the past, resolving without notes), then
 * assign to me, start, an internal note, a task done, a photo, the requester's signature,
 * resolve and close — then raises a new incident offline; when the server is back, one sync
 * sends it all and the server holds every piece (state, worklog, task, files, history).
 * Files work offline in both hosts: the desktop app keeps them in main, the web app in the
 * browser (renderer/src/platform/webFiles.ts); both upload them once the server is back.
 */
export interface TicketWorkflowOptions {
  appUrl: (hashPath: string) => string;
  serverUrl?: string;
}

/** A small but real PNG: 2 x 2 pixels. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** A `datetime-local` value in the browser's (and this process's) time zone. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function pick(page: Page, label: string | RegExp, option: string) {
  await (typeof label === 'string' ? page.getByLabel(label, { exact: true }) : page.getByLabel(label)).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The requester signs: a few strokes across the signature box. */
async function sign(page: Page) {
  const canvas = page.getByTestId('signature-canvas');
  // Centred in the window: notifications pile up at the bottom right and would catch the pen.
  await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the signature box is not on screen');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 30, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(box.x + 30 + i * 20, y + Math.sin(i) * 30, { steps: 3 });
  await page.mouse.up();
  // The pad has strokes: Clear is offered.
  await expect(page.getByRole('button', { name: 'Clear', exact: true })).toBeEnabled();
}

export async function runTicketWorkflow(page: Page, server: ServerProcess, testInfo: TestInfo, opts: TicketWorkflowOptions): Promise<void> {
  const view = await ServerView.signIn(server.url, 'tech1');
  const before = await view.pullAll();
  const me = before.persons.find((p) => p.id === view.userId);
  if (!me) throw new Error('tech1 should see their own person record');
  const ticket = [...before.tickets.values()].find(
    (t): t is Ticket & { groupId: string } => t.kind === 'incident' && t.status === 'new' && t.assigneeId === null && t.groupId !== null && me.groupIds.includes(t.groupId),
  );
  if (!ticket) throw new Error("the demo seed should give tech1's group a new, unassigned incident");
  const outsider = before.persons.find((p) => p.role === 'technician' && !p.groupIds.includes(ticket.groupId));
  if (!outsider) throw new Error("the demo seed should have a technician outside the ticket's group");
  const run = `${testInfo.project.name} ${Date.now()}`;

  await page.goto(opts.appUrl('/'));
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  // The first download of the demo replica: slow on a busy machine (the desktop host relays every page over IPC).
  await expect(page.getByTestId('sync-status')).toContainText('Online', { timeout: 120_000 });
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });

  // My Tasks, from the replica.
  await page.goto(opts.appUrl('/#/tasks'));
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  await expect(page.getByTestId('task-item').first()).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo, 'my-tasks');

  // The server goes away.
  await takeServerAway(server, page);

  // Create New, offline (n from anywhere): a provisional number until the server numbers it.
  // Pressed again if the first press came before the screen's keys were bound (without the
  // picture taken just before, the press follows My tasks' first rows at once).
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await expect(async () => {
    await page.keyboard.press('n');
    await expect(page.getByRole('heading', { name: 'Create new' })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  const newTitle = `Projector in room 4 shows no picture (${run})`;
  await page.getByRole('textbox', { name: /^Title/ }).fill(newTitle);
  await pick(page, 'Impact', '1 – High');
  await expect(page.getByTestId('computed-priority')).toContainText('P2 High');
  await shot(page, testInfo, 'create-new');
  await page.getByRole('button', { name: 'Create incident' }).click();
  await expect(page.getByTestId('ticket-title')).toHaveText(newTitle);
  await expect(page.getByTestId('ticket-number')).toHaveText(/^INC-new-/);
  const createdId = /#\/tickets\/([^/?]+)/.exec(page.url())?.[1];
  if (!createdId) throw new Error(`the new incident should open at #/tickets/<id>, not ${page.url()}`);

  await page.goto(opts.appUrl(`/#/tickets/${ticket.id}`));
  await expect(page.getByTestId('ticket-title')).toHaveText(ticket.title);
  await expect(page.getByTestId('sla-clocks')).toBeVisible();

  // Refusals, each with the reason, nothing written.
  await pick(page, 'Assignee', outsider.displayName);
  await expect(page.getByTestId('fields-error')).toContainText(`${outsider.displayName} is not a member of the group`);
  await page.getByLabel('Task title').fill(`Order a spare fuser (${run})`);
  await page.getByTestId('task-due-input').fill('2020-01-01T10:00');
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByTestId('new-task-error')).toContainText('is in the past; choose a date from now on.');
  await expect(page.getByTestId('pending-count')).toHaveText('1');

  // Assign to me (keyboard), start work.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('a');
  await expect(page.getByTestId('fact-assignee')).toHaveText(me.displayName);
  await pick(page, 'Status', 'In progress');
  await page.getByRole('button', { name: 'Change status' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('In progress');

  // Worklog.
  const note = `Replaced the fuser unit on site (${run})`;
  await page.getByLabel('Worklog').fill(note);
  await page.getByLabel('Time spent (minutes)').fill('30');
  await page.getByRole('button', { name: 'Add worklog' }).click();
  await expect(page.getByTestId('worklog-entry').filter({ hasText: note })).toBeVisible();

  // A task, due tomorrow, then done.
  await page.getByTestId('task-due-input').fill(localInput(new Date(Date.now() + 24 * 3_600_000)));
  await page.getByRole('button', { name: 'Add task' }).click();
  const task = page.getByTestId('task-item').filter({ hasText: `Order a spare fuser (${run})` });
  await expect(task).toBeVisible();
  await task.getByRole('button', { name: 'Mark done' }).click();
  await expect(task.getByTestId('task-status')).toHaveText('Done');

  // A photo and the requester's signature.
  const signer = `Pat Requester ${Date.now() % 10_000}`;
  await page.getByTestId('attach-file-input').setInputFiles({ name: 'fuser-after.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('Signed by').fill(signer);
  await sign(page);
  await page.getByRole('button', { name: 'Save sign-off' }).click();
  await expect(page.getByTestId('attachment-item').filter({ hasText: 'fuser-after.png' })).toBeVisible();
  await expect(page.getByTestId('signoff-signer')).toHaveText(`Signed by ${signer}`);
  await expect(page.getByTestId('signoff-thumbnail')).toBeVisible();

  // Resolve: refused without notes, then resolved.
  await pick(page, /Resolution code/, 'Replaced hardware');
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  await expect(page.getByTestId('resolution-error')).toHaveText('Resolving a ticket needs resolution notes.');
  await page.getByLabel('Resolution notes').fill(`Fuser replaced, test page printed fine (${run}).`);
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Resolved');
  await expect(page.getByTestId('timeline-pending').first()).toContainText('Waiting to sync');
  await expect(page.getByTestId('sync-status')).toContainText('Offline', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Closed');
  await shot(page, testInfo, 'ticket-detail-offline');

  // The server is back: one sync sends everything.
  await server.startAgain();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 60_000 });
  await expect(page.getByTestId('ticket-status')).toHaveText('Closed');
  await expect(page.getByTestId('attachment-waiting')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('ticket-number')).toHaveText(ticket.number ?? '');
  await shot(page, testInfo, 'ticket-detail-synced');
  // The top of the screen as the technician sees it (the full-page shots show the header mid-page).
  if (TAKE_PICTURES) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: testInfo.outputPath('ticket-detail-top.png') });
    await testInfo.attach('ticket-detail-top', { path: testInfo.outputPath('ticket-detail-top.png'), contentType: 'image/png' });
  }

  await page.goto(opts.appUrl(`/#/tickets/${createdId}`));
  await expect(page.getByTestId('ticket-number')).toHaveText(/^INC-\d+$/, { timeout: 30_000 });

  const after = await view.pullAll();
  const stored = after.tickets.get(ticket.id);
  expect(stored).toMatchObject({ status: 'closed', assigneeId: view.userId, resolutionCode: 'Replaced hardware' });
  expect(stored?.resolutionNotes).toContain(run);
  expect(after.worklogs.filter((w) => w.ticketId === ticket.id && w.body === note)).toMatchObject([{ minutes: 30, visibility: 'internal', authorId: view.userId }]);
  expect(after.tasks.filter((t) => t.ticketId === ticket.id && t.title.includes(run))).toMatchObject([{ status: 'done' }]);
  const files = after.attachments.filter((a) => a.ticketId === ticket.id);
  expect(files.filter((a) => a.fileName === 'fuser-after.png' && a.uploaded)).toHaveLength(1);
  const signature = files.find((a) => a.kind === 'signature');
  expect(signature).toMatchObject({ mimeType: 'image/png', uploaded: true });
  expect(signature?.fileName).toContain(signer);
  expect((await view.download(signature?.sha256 ?? ''))?.subarray(0, 4)).toEqual(PNG_MAGIC);
  const history = after.events.filter((e) => e.ticketId === ticket.id);
  expect(history.some((e) => e.type === 'assignee' && e.to === view.userId)).toBe(true);
  expect(history.filter((e) => e.type === 'status').map((e) => e.to)).toEqual(expect.arrayContaining(['in_progress', 'resolved', 'closed']));
  expect(after.tickets.get(createdId)).toMatchObject({ kind: 'incident', title: newTitle, impact: 1, priority: 2 });
}
