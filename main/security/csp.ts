/**
 * The Content-Security-Policy of the desktop app. main/protocol/ sends it as a
 * response header with every HTML page served from app://fielddesk.
 *
 * The renderer talks to the FieldDesk server only through main (IPC), so
 * connect-src stays 'self'. style-src allows inline styles because the component
 * library (Mantine) sets style attributes; scripts are never inline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
