import { MantineProvider } from '@mantine/core';
import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CAMERA_MISSING, CAMERA_REFUSED, CameraScanner, cameraErrorText } from './CameraScanner';
import { barcodeFrame, toRgba, type GreyFrame } from './testBarcodes';

const nav = navigator as unknown as { mediaDevices?: unknown };

function setMediaDevices(value: unknown) {
  Object.defineProperty(navigator, 'mediaDevices', { value, configurable: true, writable: true });
}

const wrap = (ui: React.ReactElement) => render(<MantineProvider>{ui}</MantineProvider>);

describe('CameraScanner', () => {
  const saved = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices');
  afterEach(() => {
    if (saved) Object.defineProperty(navigator, 'mediaDevices', saved);
    else delete nav.mediaDevices;
    vi.restoreAllMocks();
  });

  it('says plainly that there is no camera where mediaDevices is missing', async () => {
    setMediaDevices(undefined);
    const { findByRole } = wrap(<CameraScanner onScan={vi.fn()} />);
    expect((await findByRole('alert')).textContent).toContain(CAMERA_MISSING);
  });

  it.each([
    ['NotFoundError', CAMERA_MISSING],
    ['NotAllowedError', CAMERA_REFUSED],
  ])('says plainly what %s means', async (name, text) => {
    setMediaDevices({ getUserMedia: () => Promise.reject(new DOMException('nope', name)) });
    const { findByRole } = wrap(<CameraScanner onScan={vi.fn()} />);
    expect((await findByRole('alert')).textContent).toContain(text);
  });

  it('words the other failures', () => {
    expect(cameraErrorText(new DOMException('busy', 'NotReadableError'))).toMatch(/in use by another app/);
    expect(cameraErrorText(new Error('boom'))).toBe('The camera could not start (boom) — scan with a scanner or type the tag');
  });

  it('decodes the video frames, reports each code once, and stops the camera when it goes', async () => {
    const frames: GreyFrame[] = [barcodeFrame('code128', 'AST-0042', 320, 240), barcodeFrame('qrcode', 'AST-0077', 320, 240)];
    let frameNo = 0;
    const stopTrack = vi.fn();
    const stream = { getTracks: () => [{ stop: stopTrack }] };
    setMediaDevices({ getUserMedia: vi.fn(() => Promise.resolve(stream)) });
    // jsdom has no media playback nor canvas: a video that is playing, a canvas that gives frames
    // (each code for three frames in a row).
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    vi.spyOn(HTMLMediaElement.prototype, 'readyState', 'get').mockReturnValue(4);
    vi.spyOn(HTMLVideoElement.prototype, 'videoWidth', 'get').mockReturnValue(320);
    vi.spyOn(HTMLVideoElement.prototype, 'videoHeight', 'get').mockReturnValue(240);
    const srcObject = vi.fn();
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', { set: srcObject, get: () => null, configurable: true });
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({
      drawImage: () => {},
      getImageData: () => {
        const f = frames[Math.min(frames.length - 1, Math.floor(frameNo++ / 3))]!;
        return { data: toRgba(f), width: f.width, height: f.height };
      },
    } as unknown as CanvasRenderingContext2D);

    const onScan = vi.fn();
    const { unmount, findByText } = wrap(<CameraScanner onScan={onScan} intervalMs={5} />);
    await waitFor(() => expect(onScan).toHaveBeenCalledTimes(2), { timeout: 15_000 });
    expect(onScan.mock.calls.map((c) => c[0])).toEqual(['AST-0042', 'AST-0077']);
    await findByText('Read: AST-0077');
    expect(srcObject).toHaveBeenCalledWith(stream);
    const framesSoFar = frameNo;
    expect(framesSoFar).toBeGreaterThanOrEqual(4);
    unmount();
    expect(stopTrack).toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 30));
    expect(frameNo).toBe(framesSoFar);
    delete (HTMLMediaElement.prototype as unknown as { srcObject?: unknown }).srcObject;
  });
});
