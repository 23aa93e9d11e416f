/** A person who can sign in to the development identity provider, with the claims the API maps. */
export interface DevUser {
  /** Login name and OpenID subject. */
  readonly username: string;
  readonly name: string;
  /** The hub role claim (`role`): trust, council, analyst or admin. */
  readonly role: 'trust' | 'council' | 'analyst' | 'admin';
  /** The org scope claim (`org`): ODS code for a trust, ONS local authority code for a council. */
  readonly org?: string;
}

/** The organisations the trust and council users act for (their `org` claims). */
export interface DevUserOrgs {
  /** ODS code of the trust. */
  readonly trust: string;
  /** ONS local authority code of the council. */
  readonly council: string;
}

/**
 * The demo city's organisations (services/demo's `cityDefaults`: the trust RHF, the council E08000012), so a
 * user signed in on the quick-start hub sees the demo's people; a test in tests/ holds the two together.
 */
export const DEMO_CITY_ORGS: DevUserOrgs = { trust: 'RHF', council: 'E08000012' };

/**
 * One user per role the API knows, the trust and council users scoped to `orgs` (HOMEFIRST_IDP_TRUST_ORG,
 * HOMEFIRST_IDP_COUNCIL_ORG; default the demo city's). Staff, not patients; the password is the one in the
 * IdP's password file.
 */
export const devUsers = (orgs: DevUserOrgs = DEMO_CITY_ORGS): readonly DevUser[] => [
  { username: 'trust', name: `Discharge hub coordinator (${orgs.trust})`, role: 'trust', org: orgs.trust },
  {
    username: 'council',
    name: `Brokerage officer (${orgs.council})`,
    role: 'council',
    org: orgs.council,
  },
  { username: 'analyst', name: 'Flow analyst', role: 'analyst' },
  { username: 'admin', name: 'Hub administrator', role: 'admin' },
];

export const devUserNamed = (users: readonly DevUser[], username: string): DevUser | undefined =>
  users.find((u) => u.username === username);
