import { randomBytes } from 'node:crypto';

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. Shown once, at `add`. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
