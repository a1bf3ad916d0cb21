/**
 * Scanning with the device's camera: the video from getUserMedia (the back camera where there
 * is one) is drawn to a canvas at a modest rate (every `intervalMs`, 150 ms by default: a
 * tablet stays cool and the page responsive) and decoded by frameDecoder.ts; each code is
 * reported once (`onScan(text)`), not once per frame. The tracks stop when the component goes.
 * A missing or refused camera is said plainly, with what to do instead.
 */
import { Alert, Box, Loader, Stack, Text } from '@mantine/core';
import { IconCameraOff } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { FrameDecoder, rgbaToLuminance } from './frameDecoder';

export const CAMERA_MISSING = 'No camera on this device — scan with a scanner or type the tag';
export const CAMERA_REFUSED = 'Camera access was refused — allow it in the browser/system settings, or type the tag';
export const CAMERA_BUSY = 'The camera is in use by another app or could not start — close that app, or scan with a scanner or type the tag';

/** What to tell the auditor when the camera cannot be used. */
export function cameraErrorText(error: unknown): string {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return CAMERA_MISSING;
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return CAMERA_REFUSED;
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return CAMERA_BUSY;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `The camera could not start (${message}) — scan with a scanner or type the tag`;
    }
  }
}

/** The widest frame decoded: enough for a label at arm's length, cheap enough every 150 ms. */
const MAX_DECODE_WIDTH = 640;

export interface CameraScannerProps {
  onScan: (text: string) => void;
  /** Pause the camera (the tracks stop) without unmounting. Default on. */
  active?: boolean;
  intervalMs?: number;
  /** How long a code must be out of sight before it is reported again. */
  repeatWindowMs?: number;
  /** Height of the preview, CSS. */
  height?: number | string;
}

type CameraState = { kind: 'starting' } | { kind: 'running' } | { kind: 'error'; text: string };

export function CameraScanner({ onScan, active = true, intervalMs = 150, repeatWindowMs = 2000, height = 280 }: CameraScannerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const [lastRead, setLastRead] = useState<string | null>(null);

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      stopped = true;
      clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
      if (videoRef.current) videoRef.current.srcObject = null;
    };
    setState({ kind: 'starting' });

    const mediaDevices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!mediaDevices?.getUserMedia) {
      setState({ kind: 'error', text: CAMERA_MISSING });
      return stop;
    }
    const decoder = new FrameDecoder({ repeatWindowMs });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });

    const frame = () => {
      const video = videoRef.current;
      if (!video || !ctx || video.readyState < 2 || video.videoWidth === 0) return;
      const scale = Math.min(1, MAX_DECODE_WIDTH / video.videoWidth);
      const w = Math.round(video.videoWidth * scale);
      const h = Math.round(video.videoHeight * scale);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      ctx.drawImage(video, 0, 0, w, h);
      const image = ctx.getImageData(0, 0, w, h);
      const found = decoder.tick(rgbaToLuminance(image.data, w, h), w, h, performance.now());
      if (found) {
        setLastRead(found.text);
        onScanRef.current(found.text);
      }
    };

    mediaDevices
      .getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } })
      .then(async (s) => {
        if (stopped) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream = s;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = s;
        video.muted = true;
        video.playsInline = true;
        await video.play();
        if (stopped) return;
        setState({ kind: 'running' });
        timer = setInterval(frame, intervalMs);
      })
      .catch((error: unknown) => {
        if (!stopped) setState({ kind: 'error', text: cameraErrorText(error) });
      });
    return stop;
  }, [active, intervalMs, repeatWindowMs]);

  if (state.kind === 'error') {
    return (
      <Alert color="orange" icon={<IconCameraOff />} title="Camera" data-testid="camera-error" role="alert">
        <Text fz="lg">{state.text}</Text>
      </Alert>
    );
  }
  return (
    <Stack gap={4} data-testid="camera-scanner" data-state={state.kind}>
      <Box pos="relative" bg="dark.8" style={{ borderRadius: 'var(--mantine-radius-md)', overflow: 'hidden', height }}>
        <video ref={videoRef} aria-label="Camera preview" muted playsInline style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }} />
        {state.kind === 'starting' && active && (
          <Loader color="gray.3" pos="absolute" top="50%" left="50%" style={{ transform: 'translate(-50%, -50%)' }} aria-label="Starting the camera" />
        )}
      </Box>
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="camera-last">
        {lastRead ? `Read: ${lastRead}` : 'Hold a barcode or QR code in front of the camera.'}
      </Text>
    </Stack>
  );
}
