/**
 * Saves bytes made on this device (a label's PDF, a report's CSV) as a file, through the
 * browser's download: a link to a blob URL, clicked, the URL released a little later. Works in
 * the web app and the desktop app alike, offline.
 */
export function downloadFile(bytes: BlobPart, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
