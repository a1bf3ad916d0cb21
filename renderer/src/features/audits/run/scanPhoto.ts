/**
 * A scan's photo as it is kept and uploaded: at most PHOTO_EDGE pixels on its longer side, as
 * JPEG. A rugged tablet's camera takes 12-megapixel photos of 3–5 MB; what an auditor's photo
 * shows (a sticker, a damaged corner) reads as well at 1600 pixels, in a tenth of the bytes,
 * which matters on a site's poor network. Decoded and re-encoded by the browser itself
 * (createImageBitmap, a canvas); where it cannot decode the file, it is kept as it is.
 */
export const PHOTO_EDGE = 1600;
const JPEG_QUALITY = 0.82;

export interface PhotoBytes {
  bytes: Uint8Array;
  mimeType: string;
}

/** The size a photo is scaled to: its own when it fits, else its longer side PHOTO_EDGE. */
export function scaledSize(width: number, height: number, edge = PHOTO_EDGE): { width: number; height: number } {
  const longer = Math.max(width, height);
  if (longer <= edge) return { width, height };
  const factor = edge / longer;
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

export async function scanPhotoBytes(file: Blob): Promise<PhotoBytes> {
  const original = async () => ({ bytes: new Uint8Array(await file.arrayBuffer()), mimeType: file.type || 'application/octet-stream' });
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return original();
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return original();
  }
  try {
    const { width, height } = scaledSize(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) return await original();
    context.drawImage(bitmap, 0, 0, width, height);
    const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
    return { bytes: new Uint8Array(await jpeg.arrayBuffer()), mimeType: 'image/jpeg' };
  } finally {
    bitmap.close();
  }
}
