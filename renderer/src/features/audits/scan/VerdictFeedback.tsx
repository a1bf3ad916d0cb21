/**
 * The last scan's verdict, large enough to read at arm's length on a rugged tablet: a block in
 * the verdict's colour (common/audits/classify.ts `VERDICTS`: good green, warn amber, bad red,
 * info blue), its label, the tag or code, the asset's name, and for an asset found elsewhere
 * where it was expected. Announced to screen readers as it changes (role=status, polite).
 * `SoundToggle` mutes the verdict sounds (verdictSound.ts) on this device.
 */
import { ActionIcon, Box, Stack, Text, Tooltip } from '@mantine/core';
import { IconVolume, IconVolumeOff } from '@tabler/icons-react';
import { VERDICTS, type ScanVerdict, type VerdictLook } from '@fielddesk/common/audits/classify';
import { useSoundMuted } from './verdictSound';

export interface ShownScan {
  verdict: ScanVerdict;
  /** The code as scanned or typed. */
  code: string;
  /** The asset's tag, when the code named an asset (by tag or serial). */
  tag?: string | null;
  assetName?: string | null;
  /** For an asset found elsewhere: the location it was expected in. */
  expectedLocationName?: string | null;
}

/**
 * Colours per tone, chosen for contrast at arm's length in daylight: white on the dark green, red
 * and blue (each at least 5:1, so the small lines pass WCAG AA too), near-black on the amber.
 */
export const TONE_COLORS: Record<VerdictLook['tone'], { bg: string; fg: string }> = {
  good: { bg: '#1e7a34', fg: '#fff' },
  warn: { bg: '#fcc419', fg: '#1a1b1e' },
  bad: { bg: '#b42318', fg: '#fff' },
  info: { bg: '#1864ab', fg: '#fff' },
};

export function VerdictFeedback({ scan, idle = 'Scan a location label, then the assets there.' }: { scan: ShownScan | null; idle?: string }) {
  if (!scan) {
    return (
      <Box role="status" aria-live="polite" data-testid="verdict" data-verdict="none" p="lg" style={{ borderRadius: 'var(--mantine-radius-md)', border: '2px dashed var(--mantine-color-gray-5)' }}>
        <Text fz={26} c="dimmed" ta="center">
          {idle}
        </Text>
      </Box>
    );
  }
  const look = VERDICTS[scan.verdict];
  const colors = TONE_COLORS[look.tone];
  const shownCode = scan.tag ?? scan.code;
  return (
    <Box
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="verdict"
      data-verdict={scan.verdict}
      data-tone={look.tone}
      p="lg"
      style={{ background: colors.bg, color: colors.fg, borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Stack gap={4}>
        <Text fz={42} fw={800} lh={1.1} c="inherit" data-testid="verdict-label">
          {look.label}
        </Text>
        <Text fz={30} fw={700} ff="monospace" c="inherit" style={{ overflowWrap: 'anywhere' }} data-testid="verdict-code">
          {shownCode}
        </Text>
        {scan.tag && scan.tag !== scan.code && (
          <Text fz={18} c="inherit">
            Scanned: {scan.code}
          </Text>
        )}
        {scan.assetName && (
          <Text fz={22} c="inherit">
            {scan.assetName}
          </Text>
        )}
        {scan.verdict === 'found_elsewhere' && (
          <Text fz={22} fw={600} c="inherit" data-testid="verdict-expected">
            Expected in {scan.expectedLocationName ?? 'another location'}
          </Text>
        )}
      </Stack>
    </Box>
  );
}

export function SoundToggle() {
  const [muted, setMuted] = useSoundMuted();
  const label = muted ? 'Sounds off: turn them on' : 'Sounds on: mute them';
  return (
    <Tooltip label={label}>
      <ActionIcon size="xl" variant={muted ? 'light' : 'default'} color={muted ? 'gray' : undefined} aria-label={label} aria-pressed={muted} onClick={() => setMuted(!muted)} data-testid="sound-toggle">
        {muted ? <IconVolumeOff size={26} /> : <IconVolume size={26} />}
      </ActionIcon>
    </Tooltip>
  );
}
