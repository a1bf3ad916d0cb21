/**
 * Test-only page for e2e/web/audit-camera.spec.ts (bundled by the spec with esbuild, served by
 * the spec; never part of the app's build): the audit's CameraScanner beside the verdict
 * feedback, each decoded code listed.
 */
import '@mantine/core/styles.css';
import { MantineProvider, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { readCode } from '@fielddesk/common/audits/codes';
import { CameraScanner } from '../../../renderer/src/features/audits/camera/CameraScanner';
import { VerdictFeedback, type ShownScan } from '../../../renderer/src/features/audits/scan/VerdictFeedback';

function Harness() {
  const [codes, setCodes] = useState<string[]>([]);
  const [last, setLast] = useState<ShownScan | null>(null);
  const onScan = (text: string) => {
    setCodes((c) => [...c, text]);
    const code = readCode(text);
    // Stand-in verdicts: a location label is "found" here, anything else an unknown tag.
    setLast({ verdict: code.kind === 'location' ? 'found' : 'unknown', code: text });
  };
  return (
    <MantineProvider>
      <Stack p="md" maw={720}>
        <Title order={3}>Camera scanning</Title>
        <CameraScanner onScan={onScan} height={300} />
        <VerdictFeedback scan={last} />
        <ol data-testid="codes">
          {codes.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ol>
      </Stack>
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(<Harness />);
