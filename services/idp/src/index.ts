export { loadIdpConfig, type IdpConfig } from './config';
export { createIdpServer } from './provider';
export { DEMO_CITY_ORGS, devUsers, type DevUser, type DevUserOrgs } from './users';
