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

/**
 * One user per role the API knows, scoped to the demo city's organisations: the trust RXN (its HL7 feed)
 * and the council E08000012. Staff, not patients; the password is the one in the IdP's password file.
 */
export const DEV_USERS: readonly DevUser[] = [
  { username: 'trust', name: 'Discharge hub coordinator (RXN)', role: 'trust', org: 'RXN' },
  { username: 'council', name: 'Brokerage officer (E08000012)', role: 'council', org: 'E08000012' },
  { username: 'analyst', name: 'Flow analyst', role: 'analyst' },
  { username: 'admin', name: 'Hub administrator', role: 'admin' },
];

export const devUserNamed = (username: string): DevUser | undefined =>
  DEV_USERS.find((u) => u.username === username);
