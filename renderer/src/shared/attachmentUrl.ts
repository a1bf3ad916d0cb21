/**
 * Where the renderer shows a stored file from (a ticket's attachment or signature, an audit
 * scan's photo): the platform says — main's attachment store on desktop, the browser's waiting
 * files or the server on the web.
 */
import { useQuery } from '@tanstack/react-query';
import { usePlatform } from '../app/platformContext';

/** Shown while a thumbnail cannot be loaded (not on the server yet, or offline on the web): a plain grey tile. */
export const THUMBNAIL_FALLBACK =
  'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="72" height="72"><rect width="72" height="72" fill="#e9ecef"/></svg>');

export function useAttachmentUrl(sha256: string) {
  const platform = usePlatform();
  return useQuery({ queryKey: ['attachment-url', sha256], queryFn: () => platform.attachmentUrl(sha256), staleTime: Infinity });
}
