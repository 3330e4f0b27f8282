/** Overlap of two data releases' running periods (pure: no file access, usable in a page). */
import type { Manifest } from './manifest.js';

/** The exposure two data releases share (GW·hr of the same detector), or null when they are independent. */
export function sharedExposure(a: Manifest, b: Manifest): { detector: string; fromGWh: number; toGWh: number } | null {
  const da = a.dataTaking;
  const db = b.dataTaking;
  if (!da || !db || da.detector !== db.detector) return null;
  const lo = Math.max(da.exposureGWh.from, db.exposureGWh.from);
  const hi = Math.min(da.exposureGWh.to, db.exposureGWh.to);
  return hi > lo ? { detector: da.detector, fromGWh: lo, toGWh: hi } : null;
}
