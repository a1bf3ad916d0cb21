import { describe, expect, it } from 'vitest';
import { pngBytesFromDataUrl, signatureFile, signatureFileName, signerOf } from './signatureFile';

describe('signature file', () => {
  it('names the file after the signer and reads the name back', () => {
    const name = signatureFileName('Riley Chen', new Date(2026, 2, 2, 14, 5));
    expect(name).toBe('Sign-off by Riley Chen 2026-03-02 1405.png');
    expect(signerOf(name)).toBe('Riley Chen');
    expect(signerOf('photo.png')).toBeNull();
  });

  it('drops characters a file name cannot hold', () => {
    expect(signatureFileName('Ri/ley <b>\u0007Chen', new Date(2026, 0, 1, 0, 0))).toBe('Sign-off by Riley bChen 2026-01-01 0000.png');
  });

  it('decodes the PNG data URL and refuses anything else', async () => {
    const bytes = pngBytesFromDataUrl('data:image/png;base64,iVBORw0KGgo=');
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(() => pngBytesFromDataUrl('data:text/html;base64,PHNjcmlwdD4=')).toThrow('did not give a PNG');
    const file = signatureFile('x.png', bytes);
    expect(file).toMatchObject({ name: 'x.png', type: 'image/png', size: bytes.byteLength });
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });
});
