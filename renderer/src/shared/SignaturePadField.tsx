/**
 * A box the requester signs in with a finger, pen or mouse (signature_pad). Works with no
 * network: the strokes stay in the canvas until the technician saves them as a PNG.
 */
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { Box, Text } from '@mantine/core';
import SignaturePad from 'signature_pad';

export interface SignaturePadHandle {
  isEmpty(): boolean;
  /** The signature as a PNG data URL (white background, so it reads in dark mode too). */
  toPngDataUrl(): string;
  clear(): void;
}

export function SignaturePadField({ ref, label, onChange }: { ref?: Ref<SignaturePadHandle>; label: string; onChange?: (empty: boolean) => void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const [unsupported, setUnsupported] = useState<string | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (!canvas.getContext('2d')) {
      setUnsupported('This screen cannot draw (no canvas), so a signature cannot be captured here.');
      return;
    }
    const pad = new SignaturePad(canvas, { backgroundColor: 'rgb(255,255,255)', penColor: 'rgb(20,20,40)' });
    padRef.current = pad;
    // The canvas must match its CSS size times the pixel ratio, or strokes land off the pen.
    const fit = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    };
    fit();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fit);
    observer?.observe(canvas);
    const changed = () => onChangeRef.current?.(pad.isEmpty());
    pad.addEventListener('endStroke', changed);
    return () => {
      observer?.disconnect();
      pad.removeEventListener('endStroke', changed);
      pad.off();
      padRef.current = null;
    };
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      isEmpty: () => padRef.current?.isEmpty() ?? true,
      toPngDataUrl: () => {
        if (!padRef.current) throw new Error('The signature pad is not ready.');
        return padRef.current.toDataURL('image/png');
      },
      clear: () => {
        padRef.current?.clear();
        onChangeRef.current?.(true);
      },
    }),
    [],
  );

  if (unsupported) {
    return (
      <Text size="sm" c="red">
        {unsupported}
      </Text>
    );
  }
  return (
    <Box style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 8, background: 'white', touchAction: 'none' }}>
      <canvas ref={canvasRef} aria-label={label} role="img" data-testid="signature-canvas" style={{ display: 'block', width: '100%', height: 180, cursor: 'crosshair' }} />
    </Box>
  );
}
