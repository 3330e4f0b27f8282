/**
 * Independent data in a combination: a combined likelihood multiplies its members' likelihoods, which is right only
 * when no event enters twice. Each experiment kind names the data releases whose recorded events it fits
 * (`dataReleases` of its registry entry, ./index.ts); each release's manifest declares its detector and the part of that detector's running it holds
 * (`dataTaking`, an interval of cumulative exposure in GW·hr; src/datasets/manifest.ts). Two members whose releases
 * come from the same detector with intersecting intervals are refused, naming both (e.g. CsI-2017 inside the complete
 * CsI[Na] data set of CsI-2021). Simulation inputs (beam files) are not data and are not counted here.
 */
import { sharedExposure } from '../../datasets/exposure.js';
import type { DatasetName } from '../../datasets/manifest.js';
import { releaseManifest } from '../datasource.js';
import { InvalidSpecification } from '../../util/errors.js';

/** A member as the check needs it. */
export interface MemberData {
  readonly name: string;
  /** The data releases its likelihood fits (the registry entry's `dataReleases`, ./index.ts). */
  readonly releases: readonly DatasetName[];
}

/**
 * Throw InvalidSpecification (at `key`) when two members use overlapping data: same detector, intersecting exposure.
 * The message names both members, their releases, the detector and the shared exposure.
 */
export function checkIndependentMembers(members: readonly MemberData[], key: string): void {
  const uses = members.flatMap((m) => m.releases.map((d) => ({ member: m.name, dataset: d, manifest: releaseManifest(d) })));
  for (let i = 0; i < uses.length; i++) {
    for (let j = i + 1; j < uses.length; j++) {
      const a = uses[i]!;
      const b = uses[j]!;
      const s = sharedExposure(a.manifest, b.manifest);
      if (!s) continue;
      const iv = (d: typeof a): { from: number; to: number } => d.manifest.dataTaking!.exposureGWh;
      const range = (d: typeof a): string => `${iv(d).from}–${iv(d).to} GW·hr`;
      const inside = (x: typeof a, y: typeof a): boolean => iv(x).from >= iv(y).from && iv(x).to <= iv(y).to;
      const hint = inside(a, b) ? `use ${b.dataset} (member ${b.member}) alone for this detector` : inside(b, a) ? `use ${a.dataset} (member ${a.member}) alone for this detector` : 'combine only independent data sets';
      throw new InvalidSpecification(
        `members ${a.member} and ${b.member} overlap: ${a.dataset} (${range(a)}) and ${b.dataset} (${range(b)}) both hold ${s.detector} data of ${s.fromGWh}–${s.toGWh} GW·hr, ` +
          `so those events would be counted twice; ${hint}`,
        key,
      );
    }
  }
}
