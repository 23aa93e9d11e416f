export { loadIdpConfig, type IdpConfig } from './config';
export { createIdpServer } from './provider';
export { DEV_USERS, type DevUser } from './users';
