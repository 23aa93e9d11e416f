/** Who is calling, from a verified bearer token. */
export const ROLES = ['trust', 'council', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Token subject: a user or system id (never a patient). */
  readonly subject: string;
  readonly role: Role;
  /**
   * The organisation the caller acts for: an ODS code for `trust` (e.g. RXN), an ONS local authority
   * code for `council` (e.g. E08000012). Analysts and admins may have one; it does not limit them.
   */
  readonly org: string | null;
}

/** What a principal may see of person-level rows. */
export interface Visibility {
  /** Only rows of this trust (ODS), when set. */
  readonly trustOrg: string | null;
  /** Only people referred to this council, when set. */
  readonly councilOrg: string | null;
  /** NHS numbers and spell ids dropped; rows keyed by personKey only. */
  readonly pseudonymised: boolean;
}

/** trust → its sites; council → the people referred to it; analyst → pseudonymised rows; admin → all. */
export function visibilityOf(p: Principal): Visibility {
  switch (p.role) {
    case 'trust':
      return { trustOrg: p.org, councilOrg: null, pseudonymised: false };
    case 'council':
      return { trustOrg: null, councilOrg: p.org, pseudonymised: false };
    case 'analyst':
      return { trustOrg: null, councilOrg: null, pseudonymised: true };
    case 'admin':
      return { trustOrg: null, councilOrg: null, pseudonymised: false };
  }
}
