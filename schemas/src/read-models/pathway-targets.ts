import type { PathwayTargets } from './view-common';

const TARGETED = ['P0', 'P1', 'P2', 'P3'] as const;
type TargetedPathway = (typeof TARGETED)[number];

const isTargeted = (value: string): value is TargetedPathway =>
  (TARGETED as readonly string[]).includes(value);

/**
 * A system's pathway targets from their written form, `P0=0.6,P1=0.3,P2=0.08,P3=0.02` (shares 0–1; a
 * percentage such as `60%` is accepted too). Pathways may be left out; together the shares may not exceed 1.
 * Throws a RangeError naming what is wrong; an empty text is no targets.
 */
export function parsePathwayTargets(text: string): PathwayTargets {
  const targets: Partial<Record<TargetedPathway, number>> = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [name = '', value = '', ...rest] = part.split('=').map((p) => p.trim());
    if (rest.length > 0 || value === '')
      throw new RangeError(`"${part}" is not PATHWAY=SHARE (e.g. P1=0.45)`);
    if (!isTargeted(name)) throw new RangeError(`${name} is not a pathway with a target (P0, P1, P2, P3)`);
    if (targets[name] !== undefined) throw new RangeError(`${name} has two targets`);
    const share = value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : Number(value);
    if (!Number.isFinite(share) || share < 0 || share > 1)
      throw new RangeError(`${name}'s target ${value} is not a share between 0 and 1 (or 0%–100%)`);
    targets[name] = share;
  }
  const total = Object.values(targets).reduce((sum, share) => sum + share, 0);
  if (total > 1 + 1e-9)
    throw new RangeError(`the pathway targets add up to ${Math.round(total * 1000) / 10}%, more than 100%`);
  return targets;
}
