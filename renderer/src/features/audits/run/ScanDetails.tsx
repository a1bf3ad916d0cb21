/**
 * What the auditor adds to the scan they just made, after its verdict showed (a scan is written
 * the moment it is judged, so nothing waits for these): a note — for an unknown tag, what it is
 * on and where, for the person who decides at close — a photo (the camera on a tablet; kept and
 * uploaded like a ticket's, scaled down: scanPhoto.ts), and, for an asset, whether its holder
 * confirmed it. Keys, from anywhere on the run screen (a scanner's keys never carry Alt): Alt+T
 * the note (Alt+N is Create New's), Alt+P a photo, Alt+H the holder confirmed. They sync as the
 * scan's details (repositories/audits.ts addScanDetails); the panel follows the scan on the
 * replica, so a saved note shows as saved.
 */
import { useEffect, useRef, useState, type ComponentPropsWithoutRef } from 'react';
import { Button, FileButton, Group, Image, Kbd, Paper, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconCamera, IconUserCheck, IconUserX } from '@tabler/icons-react';
import type { AuditScan } from '@fielddesk/common/audits/records';
import { usePlatform } from '../../../app/platformContext';
import { THUMBNAIL_FALLBACK, useAttachmentUrl } from '../../../shared/attachmentUrl';
import { useAuditRepository } from '../useAudits';
import { scanPhotoBytes } from './scanPhoto';

const HOLDER_ANSWERS = [
  { value: true, label: 'Holder confirmed', color: 'green', Icon: IconUserCheck, testId: 'holder-confirmed' },
  { value: false, label: 'Not confirmed', color: 'orange', Icon: IconUserX, testId: 'holder-not-confirmed' },
] as const;

export function ScanDetails({ scan, onProblem }: { scan: AuditScan; onProblem: (reason: string) => void }) {
  const repo = useAuditRepository();
  const platform = usePlatform();
  const [note, setNote] = useState(scan.note);
  /** The note is being saved (its button spins; the holder's answer and the photo do not make it spin). */
  const [savingNote, setSavingNote] = useState(false);
  const [photographing, setPhotographing] = useState(false);
  // Another scan: its own note (the field never carries one scan's words to the next).
  useEffect(() => setNote(scan.note), [scan.id, scan.note]);
  const unknown = scan.assetId === null;
  const noteField = useRef<HTMLInputElement>(null);
  const photoButton = useRef<HTMLButtonElement>(null);
  // Alt keys work in the note field too (it is where the auditor's hands are after typing); by
  // physical key, as Create New's Alt+N (on macOS Alt+letter types another character).
  const physical = { preventDefault: true, usePhysicalKeys: true };
  useHotkeys(
    [
      ['alt+t', () => noteField.current?.focus(), physical],
      ['alt+p', () => photoButton.current?.click(), physical],
      ['alt+h', () => !unknown && void save({ holderConfirmed: scan.holderConfirmed === true ? null : true }), physical],
    ],
    [],
  );

  async function save(details: Parameters<typeof repo.addScanDetails>[1]) {
    const result = await repo.addScanDetails(scan.id, details);
    if (!result.ok && result.reason !== 'Nothing changed.') onProblem(`${scan.code}: ${result.reason}`);
  }

  async function saveNote() {
    setSavingNote(true);
    await save({ note: note.trim() }).finally(() => setSavingNote(false));
  }

  async function photograph(file: File | null) {
    if (!file) return;
    setPhotographing(true);
    try {
      const { bytes, mimeType } = await scanPhotoBytes(file);
      const saved = await platform.saveAttachment({ fileName: `scan-${scan.code}.${mimeType === 'image/jpeg' ? 'jpg' : 'img'}`, mimeType, bytes });
      await save({ photoSha256: saved.sha256 });
    } catch (error) {
      onProblem(`The photo of ${scan.code} was not kept: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setPhotographing(false);
    }
  }

  return (
    <Paper withBorder p="sm" data-testid="scan-details">
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          Add to this scan ({scan.code})
        </Text>
        <Text size="xs" c="dimmed" visibleFrom="sm">
          <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">T</Kbd> note · <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">P</Kbd> photo{unknown ? '' : ' · '}
          {!unknown && (
            <>
              <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">H</Kbd> holder confirmed
            </>
          )}
        </Text>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          ref={noteField}
          style={{ flex: 1, minWidth: 220 }}
          aria-label={`Note on ${scan.code}`}
          placeholder={unknown ? 'What is it, where exactly? (for whoever registers it)' : 'A note on this asset'}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void saveNote();
          }}
          data-testid="scan-note"
        />
        <Button variant="default" onClick={() => void saveNote()} loading={savingNote} disabled={note.trim() === scan.note} data-testid="save-scan-note">
          {scan.note && note.trim() === scan.note ? 'Note saved' : 'Save the note'}
        </Button>
        {scan.photoSha256 && <ScanPhoto sha256={scan.photoSha256} code={scan.code} />}
        {/* On a tablet or phone this opens the back camera; elsewhere, a picker of images. */}
        <FileButton onChange={(file) => void photograph(file)} accept="image/*" capture="environment" inputProps={{ 'aria-label': `Photo of ${scan.code}`, 'data-testid': 'scan-photo-input' } as ComponentPropsWithoutRef<'input'>}>
          {(props) => (
            <Button {...props} ref={photoButton} variant="default" leftSection={<IconCamera size={16} />} loading={photographing} data-testid="scan-photo">
              {scan.photoSha256 ? 'Another photo' : 'Photo'}
            </Button>
          )}
        </FileButton>
        {!unknown && (
          <Group gap={6} role="group" aria-label="Did the holder confirm it?">
            {HOLDER_ANSWERS.map(({ value, label, color, Icon, testId }) => (
              <Button
                key={label}
                variant={scan.holderConfirmed === value ? 'filled' : 'default'}
                color={color}
                leftSection={<Icon size={16} />}
                aria-pressed={scan.holderConfirmed === value}
                // Pressed again: not asked after all.
                onClick={() => void save({ holderConfirmed: scan.holderConfirmed === value ? null : value })}
                data-testid={testId}
              >
                {label}
              </Button>
            ))}
          </Group>
        )}
      </Group>
    </Paper>
  );
}

/** A scan's photo as a thumbnail (a grey tile until it can be shown). */
export function ScanPhoto({ sha256, code, size = 56 }: { sha256: string; code: string; size?: number }) {
  const url = useAttachmentUrl(sha256);
  if (!url.data) return null;
  return (
    <a href={url.data} target="_blank" rel="noreferrer" aria-label={`Photo of ${code}`}>
      <Image src={url.data} alt={`Photo of ${code}`} w={size} h={size} fit="cover" radius="sm" fallbackSrc={THUMBNAIL_FALLBACK} data-testid="scan-photo-thumbnail" />
    </a>
  );
}
