import { describe, expect, it } from 'vitest';
import { ApiError, codeForStatus, FIELDDESK_METHODS, ipcArgs, ipcChannel, isApiError } from './contract';

describe('IPC contract', () => {
  it('declares one argument schema per method, each on its own channel', () => {
    expect(FIELDDESK_METHODS).toEqual([
      'getAppInfo',
      'getSession',
      'login',
      'logout',
      'checkConnectivity',
      'push',
      'pull',
      'saveAttachment',
      'attachmentUrl',
      'getUploadQueue',
      'scanInventory',
      'listSoftware',
    ]);
    expect(new Set(FIELDDESK_METHODS.map(ipcChannel)).size).toBe(FIELDDESK_METHODS.length);
  });

  it('validates login input', () => {
    expect(ipcArgs.login.safeParse([{ serverUrl: 'http://127.0.0.1:8470', username: 'tech1', password: 'x' }]).success).toBe(true);
    expect(ipcArgs.login.safeParse([{ serverUrl: 'file:///etc/passwd', username: 'tech1', password: 'x' }]).success).toBe(false);
    expect(ipcArgs.login.safeParse([{ username: '', password: 'x' }]).success).toBe(false);
    expect(ipcArgs.login.safeParse([{ username: 'a', password: 'x', token: 'smuggled' }]).success).toBe(false);
  });

  it('validates the software query: no arguments smuggled in, limits bounded', () => {
    expect(ipcArgs.scanInventory.safeParse([]).success).toBe(true);
    expect(ipcArgs.scanInventory.safeParse([{ probes: ['all'] }]).success).toBe(false);
    expect(ipcArgs.listSoftware.safeParse([{ q: 'firefox', limit: 50, offset: 100 }]).success).toBe(true);
    expect(ipcArgs.listSoftware.safeParse([{}]).success).toBe(true);
    expect(ipcArgs.listSoftware.safeParse([{ limit: 5000 }]).success).toBe(false);
    expect(ipcArgs.listSoftware.safeParse([{ q: 'x', url: 'http://evil.example' }]).success).toBe(false);
  });

  it('validates attachments', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(ipcArgs.saveAttachment.safeParse([{ fileName: 'photo.jpg', mimeType: 'image/jpeg', bytes }]).success).toBe(true);
    expect(ipcArgs.saveAttachment.safeParse([{ fileName: 'photo.jpg', mimeType: 'image/jpeg', bytes: [1, 2, 3] }]).success).toBe(false);
    expect(ipcArgs.attachmentUrl.safeParse(['../../etc/passwd']).success).toBe(false);
    expect(ipcArgs.attachmentUrl.safeParse(['a'.repeat(64)]).success).toBe(true);
  });

  it('refuses extra arguments', () => {
    expect(ipcArgs.logout.safeParse(['surprise']).success).toBe(false);
  });

  it('maps HTTP statuses to error codes', () => {
    expect([400, 401, 403, 413, 429, 500].map(codeForStatus)).toEqual(['invalid', 'unauthorized', 'forbidden', 'too_large', 'rate_limited', 'server']);
    const e = new ApiError('offline', 'no network');
    expect(isApiError(e)).toBe(true);
    expect(isApiError(new Error('x'))).toBe(false);
  });
});
