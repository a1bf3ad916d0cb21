import { describe, expect, it } from 'vitest';
import { PHOTO_EDGE, scaledSize, scanPhotoBytes } from './scanPhoto';

describe('scan photos', () => {
  it.each([
    [4000, 3000, { width: PHOTO_EDGE, height: 1200 }],
    [3000, 4000, { width: 1200, height: PHOTO_EDGE }],
    [1600, 900, { width: 1600, height: 900 }],
    [640, 480, { width: 640, height: 480 }],
    [20000, 1, { width: PHOTO_EDGE, height: 1 }],
  ])('scales %i×%i to %o', (w, h, expected) => {
    expect(scaledSize(w, h)).toEqual(expected);
  });

  it('keeps a file the browser cannot decode as it is', async () => {
    const bytes = new TextEncoder().encode('not an image');
    const kept = await scanPhotoBytes(new Blob([bytes], { type: 'image/heic' }));
    expect(kept.mimeType).toBe('image/heic');
    expect([...kept.bytes]).toEqual([...bytes]);
  });
});
