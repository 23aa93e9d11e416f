import { cityDefaults } from '@homefirst/demo';
import { DEMO_CITY_ORGS, devUsers } from '../../services/idp/src/users';

// The quick start signs people in as the development users and feeds the demo city: a trust or council user
// scoped to an organisation the demo does not have would see an empty board (as the trust user did, scoped to
// RXN, until December 2026).
describe('the development sign-in users and the demo city', () => {
  it('act for the demo city’s trust and council by default', () => {
    expect(DEMO_CITY_ORGS).toEqual({
      trust: cityDefaults.trust.odsCode,
      council: cityDefaults.council.onsCode,
    });
    const orgOf = (role: string): string | undefined => devUsers().find((u) => u.role === role)?.org;
    expect(orgOf('trust')).toBe(cityDefaults.trust.odsCode);
    expect(orgOf('council')).toBe(cityDefaults.council.onsCode);
  });
});
