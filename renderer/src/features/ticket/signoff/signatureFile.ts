/**
 * The sign-off signature as an attachment file. The attachment record has no field for who
 * signed, so the signer's name travels in the file name, in one fixed pattern this module
 * both writes and reads (anything else reads as "unknown signer").
 */
import type { AttachmentFile } from '../../../data/repositories/attachments';

const PREFIX = 'Sign-off by ';
const SUFFIX = '.png';

/** "Sign-off by Riley Chen 2026-03-02 1430.png"; characters a file name cannot hold are dropped. */
export function signatureFileName(signer: string, at: Date): string {
  const safe = [...signer]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && !'\\/:*?"<>|'.includes(ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `${PREFIX}${safe} ${stamp}${SUFFIX}`;
}

/** The signer's name from a file name made by signatureFileName, or null. */
export function signerOf(fileName: string): string | null {
  const m = /^Sign-off by (.+) \d{4}-\d{2}-\d{2} \d{4}\.png$/.exec(fileName);
  return m?.[1] ?? null;
}

/** Decodes a `data:image/png;base64,…` URL (what the signature pad gives) to bytes. */
export function pngBytesFromDataUrl(dataUrl: string): Uint8Array {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!m?.[1]) throw new Error('The signature pad did not give a PNG image.');
  const binary = atob(m[1]);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The PNG as the attachments repository takes a file. */
export function signatureFile(name: string, bytes: Uint8Array): AttachmentFile {
  return {
    name,
    type: 'image/png',
    size: bytes.byteLength,
    arrayBuffer: async () => bytes.slice().buffer,
  };
}
