import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quantity, toQuantity } from '../../src/util/quantity.js';
import { parseWithSchema } from '../../src/stats/model/schemaErrors.js';
import { InvalidSpecification } from '../../src/util/errors.js';

describe('quantities with units (mathjs)', () => {
  // mathjs is loaded on first use; on a busy machine that alone can take several seconds.
  beforeAll(() => void toQuantity('1 m', 'm', 'warm-up'), 60_000);

  it('converts between units by exact SI factors', () => {
    expect(toQuantity('19.3 m', 'm', 'k')).toBe(19.3);
    expect(toQuantity('19.3 m', 'cm', 'k')).toBeCloseTo(1930, 10);
    expect(toQuantity('4466 kg day', 'kg day', 'k')).toBeCloseTo(4466, 10);
    // 1 t·day = 1000 kg·day; 1 kg·h = 1/24 kg·day
    expect(toQuantity('2 tonne day', 'kg day', 'k')).toBeCloseTo(2000, 9);
    expect(toQuantity('48 kg hour', 'kg day', 'k')).toBeCloseTo(2, 12);
    expect(toQuantity('14 keVnr', 'keVnr', 'k')).toBeCloseTo(14, 12);
    expect(toQuantity('0.014 MeVnr', 'keVnr', 'k')).toBeCloseTo(14, 12);
    expect(toQuantity('1500 ns', 'us', 'k')).toBeCloseTo(1.5, 12);
    expect(toQuantity(7, 'PE', 'k')).toBe(7);
    expect(toQuantity(' 7.5 ', 'PE', 'k')).toBe(7.5);
  });

  it('different detector energy scales and dimensions do not convert; errors name the key and the unit', () => {
    const err = (v: string, unit: string) => {
      try {
        toQuantity(v, unit, 'region.energy_threshold');
      } catch (e) {
        return e as InvalidSpecification;
      }
      throw new Error('no error');
    };
    const e1 = err('14 keVnr', 'keVee');
    expect(e1).toBeInstanceOf(InvalidSpecification);
    expect(e1.path).toBe('region.energy_threshold');
    expect(e1.message).toMatch(/convertible to keVee.*"14 keVnr"/);
    expect(err('14 keV', 'keVnr').message).toMatch(/convertible to keVnr/);
    expect(err('3 kg', 'm').message).toMatch(/convertible to m/);
    expect(err('3 furlongz', 'm').message).toMatch(/furlongz/);
    expect(() => toQuantity(NaN, 'm', 'detector.distance')).toThrow(/detector\.distance: expected a finite number \(in m\)/);
  });

  it('zod helper: number or string with units, error at the config key path', () => {
    const schema = z.strictObject({ detector: z.strictObject({ distance: quantity('m'), exposure: quantity('kg day') }) });
    const ok = parseWithSchema(schema, { detector: { distance: '1930 cm', exposure: 4466 } }, 'cfg.yaml') as { detector: { distance: number; exposure: number } };
    expect(ok.detector.distance).toBeCloseTo(19.3, 12);
    expect(ok.detector.exposure).toBe(4466);
    expect(() => parseWithSchema(schema, { detector: { distance: '19.3 kg', exposure: 1 } }, 'cfg.yaml')).toThrow(/detector\.distance.*convertible to m/);
  });
});
