import { UnauthenticatedError } from '@homefirst/runtime';
import { principalFromClaims, type ClaimMapping } from './claims';

const DEFAULT: ClaimMapping = { kind: 'claims', roleClaim: 'role', orgClaim: 'org', roleMap: new Map() };
const ENTRA: ClaimMapping = {
  kind: 'claims',
  roleClaim: 'roles',
  orgClaim: 'extn.odsCode',
  roleMap: new Map([
    ['Homefirst.Trust', 'trust'],
    ['Homefirst.Admin', 'admin'],
  ]),
};
const CIS2: ClaimMapping = {
  kind: 'cis2',
  roleMap: new Map([
    ['R8000', 'trust'],
    ['R8008', 'admin'],
  ]),
};

describe('principalFromClaims', () => {
  it.each([
    [
      { sub: 'u1', role: 'trust', org: 'RXN' },
      { subject: 'u1', role: 'trust', org: 'RXN' },
    ],
    [
      { sub: 'u2', role: 'council', org: ' E08000012 ' },
      { subject: 'u2', role: 'council', org: 'E08000012' },
    ],
    [
      { sub: 'u3', role: 'analyst' },
      { subject: 'u3', role: 'analyst', org: null },
    ],
    [
      { sub: 'u4', role: ['admin'] },
      { subject: 'u4', role: 'admin', org: null },
    ],
  ])('given the default mapping and %j, then the principal is %j', (claims, principal) => {
    expect(principalFromClaims(claims, DEFAULT)).toEqual(principal);
  });

  it('given Entra ID app roles mapped to hub roles, then unmapped roles are ignored and the org comes from its claim', () => {
    const claims = { sub: 'oid-1', roles: ['Other.Reader', 'Homefirst.Trust'], 'extn.odsCode': 'RHF' };
    expect(principalFromClaims(claims, ENTRA)).toEqual({ subject: 'oid-1', role: 'trust', org: 'RHF' });
  });

  it('given a role map, then a value that is a hub role name but not in the map grants nothing', () => {
    expect(() => principalFromClaims({ sub: 'x', roles: ['admin'] }, ENTRA)).toThrow(
      'sign-in refused: the "roles" claim grants no hub role (one of trust, council, analyst, admin)',
    );
  });

  it('given two hub roles, then sign-in is refused rather than one chosen', () => {
    const claims = { sub: 'x', roles: ['Homefirst.Trust', 'Homefirst.Admin'], 'extn.odsCode': 'RHF' };
    expect(() => principalFromClaims(claims, ENTRA)).toThrow(/more than one hub role \(trust, admin\)/);
  });

  it.each([
    [{ sub: 'x', role: 'trust' }, 'a trust user needs an org scope (ODS code)'],
    [{ sub: 'x', role: 'council', org: ' ' }, 'a council user needs an org scope (ONS local authority code)'],
    [{ role: 'admin' }, 'the ID token has no "sub" claim'],
    [{ sub: 'x', role: 'superuser' }, 'grants no hub role'],
    [{ sub: 'x' }, 'grants no hub role'],
  ])('given %j, then sign-in is refused: %s', (claims, message) => {
    const attempt = () => principalFromClaims(claims, DEFAULT);
    expect(attempt).toThrow(UnauthenticatedError);
    expect(attempt).toThrow(message);
  });

  describe('NHS CIS2', () => {
    const nrbac = [
      { person_roleid: '111', org_code: 'RXN', role_code: 'S8000:G8000:R8000', role_name: 'Clinical' },
      { person_roleid: '222', org_code: 'X26', role_code: 'S8001:G8005:R8008', role_name: 'Admin' },
    ];
    it('given the selected role, then its role codes map to the hub role and its org code is the org', () => {
      expect(
        principalFromClaims({ sub: 'uuid-1', selected_roleid: '111', nhsid_nrbac_roles: nrbac }, CIS2),
      ).toEqual({ subject: 'uuid-1', role: 'trust', org: 'RXN' });
      expect(
        principalFromClaims({ sub: 'uuid-1', selected_roleid: '222', nhsid_nrbac_roles: nrbac }, CIS2),
      ).toEqual({ subject: 'uuid-1', role: 'admin', org: 'X26' });
    });
    it('given no selected role or one not in the list, then sign-in is refused', () => {
      expect(() => principalFromClaims({ sub: 'u', nhsid_nrbac_roles: nrbac }, CIS2)).toThrow(
        'no selected CIS2 role',
      );
      expect(() =>
        principalFromClaims({ sub: 'u', selected_roleid: '999', nhsid_nrbac_roles: nrbac }, CIS2),
      ).toThrow('no selected CIS2 role');
    });
    it('given a selected role with no mapped code, then sign-in is refused', () => {
      const other = [{ person_roleid: '333', org_code: 'RXN', role_code: 'S0080:G0450:R5080' }];
      expect(() =>
        principalFromClaims({ sub: 'u', selected_roleid: '333', nhsid_nrbac_roles: other }, CIS2),
      ).toThrow('the selected CIS2 role grants no hub role');
    });
  });
});
