import { UnauthenticatedError } from '@homefirst/runtime';
import { ROLES, type Principal, type Role } from './principal';

/**
 * How an identity provider's claims become a hub principal (role + org scope). Issuers name these
 * differently (docs/sign-in.md):
 * - `claims`: a role claim (string or array, e.g. `role`, or Entra ID app roles in `roles`) whose values
 *   map to hub roles, and an org claim (e.g. `org`, or an Entra ID directory extension) for the ODS / LA code.
 * - `cis2`: NHS CIS2's `nhsid_nrbac_roles` (from userinfo, scope `nationalrbacaccess`): the entry whose
 *   `person_roleid` is the `selected_roleid` the user picked at sign-in; any of its `role_code` parts
 *   (colon separated, e.g. `S8000:G8000:R8000`) maps to the hub role, and its `org_code` is the org.
 */
export type ClaimMapping =
  | {
      readonly kind: 'claims';
      readonly roleClaim: string;
      readonly orgClaim: string;
      /** Issuer value → hub role; empty means the values are hub role names themselves. */
      readonly roleMap: ReadonlyMap<string, Role>;
    }
  | { readonly kind: 'cis2'; readonly roleMap: ReadonlyMap<string, Role> };

export type Claims = Readonly<Record<string, unknown>>;

const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

const strings = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
};

/** The hub roles the issuer's values map to (each value through the map, or as a role name when there is none). */
function hubRoles(values: readonly string[], roleMap: ReadonlyMap<string, Role>): Set<Role> {
  const roles = new Set<Role>();
  for (const value of values) {
    const role = roleMap.size > 0 ? roleMap.get(value) : isRole(value) ? value : undefined;
    if (role !== undefined) roles.add(role);
  }
  return roles;
}

function oneRole(roles: Set<Role>, where: string): Role {
  const [role, ...others] = [...roles];
  if (role === undefined)
    throw new UnauthenticatedError(
      `sign-in refused: ${where} grants no hub role (one of ${ROLES.join(', ')})`,
    );
  if (others.length > 0)
    throw new UnauthenticatedError(
      `sign-in refused: ${where} grants more than one hub role (${[role, ...others].join(', ')}); give the user one`,
    );
  return role;
}

const trimmed = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

function cis2RoleAndOrg(
  claims: Claims,
  roleMap: ReadonlyMap<string, Role>,
): { role: Role; org: string | null } {
  const selected = trimmed(claims.selected_roleid);
  const entries = Array.isArray(claims.nhsid_nrbac_roles) ? (claims.nhsid_nrbac_roles as unknown[]) : [];
  const entry = entries.find(
    (e): e is Record<string, unknown> =>
      typeof e === 'object' && e !== null && (e as Record<string, unknown>).person_roleid === selected,
  );
  if (selected === null || entry === undefined)
    throw new UnauthenticatedError(
      'sign-in refused: no selected CIS2 role (selected_roleid matching an nhsid_nrbac_roles entry)',
    );
  const codes = strings(entry.role_code).flatMap((code) => code.split(':'));
  return { role: oneRole(hubRoles(codes, roleMap), 'the selected CIS2 role'), org: trimmed(entry.org_code) };
}

/**
 * The hub principal of verified ID token (and userinfo) claims, or UnauthenticatedError saying what is
 * missing. Same rules as bearer tokens: a trust or council user needs an org scope.
 */
export function principalFromClaims(claims: Claims, mapping: ClaimMapping): Principal {
  const subject = trimmed(claims.sub);
  if (subject === null) throw new UnauthenticatedError('sign-in refused: the ID token has no "sub" claim');
  const { role, org } =
    mapping.kind === 'cis2'
      ? cis2RoleAndOrg(claims, mapping.roleMap)
      : {
          role: oneRole(
            hubRoles(strings(claims[mapping.roleClaim]), mapping.roleMap),
            `the "${mapping.roleClaim}" claim`,
          ),
          org: trimmed(claims[mapping.orgClaim]),
        };
  if ((role === 'trust' || role === 'council') && org === null)
    throw new UnauthenticatedError(
      `sign-in refused: a ${role} user needs an org scope (${role === 'trust' ? 'ODS code' : 'ONS local authority code'})`,
    );
  return { subject, role, org };
}
