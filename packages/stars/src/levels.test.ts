import { describe, expect, it } from 'vitest';
import { STAR_LEVELS } from './criteria.ts';
import { starLevelOfUnit, topStarLevelIn, UNIT_STAR_LEVEL } from './levels.ts';

describe('org units and star levels', () => {
  it('rates committees and branches as units; a street, department or the district is no level', () => {
    expect(starLevelOfUnit('committee')).toBe('committee');
    expect(starLevelOfUnit('branch')).toBe('branch');
    for (const kind of ['street', 'department', 'district'] as const)
      expect(starLevelOfUnit(kind)).toBeNull();
    for (const level of Object.values(UNIT_STAR_LEVEL)) if (level) expect(STAR_LEVELS).toContain(level);
  });
  it('starts a street’s or the district’s tree at the communities below', () => {
    expect(topStarLevelIn('street')).toBe('committee');
    expect(topStarLevelIn('district')).toBe('committee');
    expect(topStarLevelIn('committee')).toBe('committee');
    expect(topStarLevelIn('branch')).toBe('branch');
    expect(topStarLevelIn('department')).toBeNull();
  });
});
