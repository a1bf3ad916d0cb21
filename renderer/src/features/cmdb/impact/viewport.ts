/**
 * Where the impact graph is shown in its frame (ImpactGraph's KeepInView), pure so it is tested
 * without drawing.
 */
import { getViewportForBounds } from '@xyflow/react';

/**
 * Zoom limits: fitting never magnifies past MAX_FIT_ZOOM, and never shrinks the boxes below
 * READABLE_ZOOM (at 0.3 the Print service's 23 boxes fitted but could not be read): a larger graph
 * is shown from its top, centred, at that zoom, and the rest is a drag away (or the controls' fit
 * view). A person may zoom from MIN_ZOOM to 2.
 */
export const MIN_ZOOM = 0.2;
export const READABLE_ZOOM = 0.7;
export const MAX_FIT_ZOOM = 1.2;
export const FIT_PADDING = 0.12;

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The whole graph when it fits at a readable size; otherwise its top, centred, at READABLE_ZOOM. */
export function readableViewport(bounds: Bounds, width: number, height: number): { x: number; y: number; zoom: number } {
  const fit = getViewportForBounds(bounds, width, height, MIN_ZOOM, MAX_FIT_ZOOM, FIT_PADDING);
  if (fit.zoom >= READABLE_ZOOM) return fit;
  const zoom = READABLE_ZOOM;
  return { x: width / 2 - (bounds.x + bounds.width / 2) * zoom, y: height * FIT_PADDING * 0.5 - bounds.y * zoom, zoom };
}

