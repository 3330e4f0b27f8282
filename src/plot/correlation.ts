/**
 * Correlation matrix of a fit as a heat map (diverging scale on [−1, 1]) with the coefficients written in the cells.
 * No physics here; house style from ./style.ts (applied at render time).
 */
import type { Figure } from './render.js';

/** A correlation matrix as a heat map with the coefficients written in the cells. */
export function correlationFigure(title: string, names: readonly string[], matrix: ReadonlyArray<ReadonlyArray<number | null>>): Figure {
  const cells: Array<Record<string, string | number | null>> = [];
  names.forEach((a, i) => names.forEach((b, j) => cells.push({ a, b, r: matrix[i]![j] ?? null, label: matrix[i]![j] === null ? '' : (matrix[i]![j] as number).toFixed(2) })));
  const side = Math.max(200, Math.min(640, 44 * names.length));
  const X = { field: 'b', type: 'nominal', sort: [...names], title: null, axis: { labelAngle: -45, grid: false } };
  const Y = { field: 'a', type: 'nominal', sort: [...names], title: null, axis: { grid: false } };
  return {
    spec: {
      title,
      width: side,
      height: side,
      data: { values: cells },
      layer: [
        { mark: { type: 'rect' }, encoding: { x: X, y: Y, color: { field: 'r', type: 'quantitative', title: 'correlation', scale: { scheme: 'blueorange', domain: [-1, 1] } } } },
        { mark: { type: 'text', fontSize: 11 }, encoding: { x: X, y: Y, text: { field: 'label' }, color: { condition: { test: 'abs(datum.r) > 0.6', value: 'white' }, value: 'black' } } },
      ],
    },
  };
}
