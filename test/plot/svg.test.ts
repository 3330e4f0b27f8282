import { describe, it, expect } from 'vitest';
import { renderFigure } from '../../src/plot/svg.js';

describe('renderFigure', () => {
  it('draws a stacked histogram whose top follows the summed samples', () => {
    const svg = renderFigure(
      { x: { label: 'PE' }, y: { label: 'counts / bin', min: 0, max: 10 }, width: 200, height: 200 },
      [{ kind: 'stack', edges: [0, 1, 2], samples: [{ name: 'a', values: [2, 4] }, { name: 'b', values: [3, 1] }] }],
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>PE<');
    expect(svg).toContain('>counts / bin<');
    // Plot area: y from top margin 25 to height-75=125 px for values 10..0 -> value 5 sits at 75 px.
    // Sample b sits on top of a; in bin 0 the top is 2+3 = 5 -> y = 75.00.
    expect(svg).toMatch(/L[0-9.]+,75\.00L[0-9.]+,75\.00/);
  });

  it('places log-axis ticks at decades and leaves gaps for non-finite points', () => {
    const svg = renderFigure(
      { x: { label: 'm (MeV)', scale: 'log', min: 1, max: 1000 }, y: { label: 'Y', scale: 'log', min: 1e-12, max: 1e-6 } },
      [{ kind: 'line', name: 'limit', x: [1, 10, 100, 1000], y: [1e-10, NaN, 1e-9, 1e-8] }],
    );
    for (const t of ['>1<', '>10<', '>100<', '>1000<', '>1e-12<', '>1e-6<']) expect(svg).toContain(t);
    const path = /<path d="([^"]+)" fill="none"/.exec(svg)![1]!;
    expect(path.match(/M/g)!.length).toBe(2); // the NaN splits the curve into two pieces
  });

  it('refuses a log axis with a non-positive limit', () => {
    expect(() => renderFigure({ x: { label: 'x', scale: 'log', min: 0, max: 1 }, y: { label: 'y' } }, [])).toThrow(/positive/);
  });
});
