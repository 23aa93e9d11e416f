// Two kinds of test, runnable apart (style.md habit 9):
//   unit  — *.test.ts, pure, no servers;          npm run test:unit
//   stack — *.int.test.ts, real Kafka/registry/Redis started once by the global setup; npm run test:stack
//   disruptive — tests/disruptive, stop and restart servers, run in band last;        npm run test:disruptive
//   outage — *.outage.int.test.ts, stop servers of their own private stack, in band;   npm run test:disruptive
//   cluster — *.cluster.int.test.ts, a private three-broker cluster losing brokers;     npm run test:cluster
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const common = {
  transform: { '^.+\\.ts$': swc, '^.+\\.js$': swc },
  // ESM-only packages that jest (CommonJS) must see compiled.
  transformIgnorePatterns: ['/node_modules/(?!(jose|hyparquet|openid-client|oauth4webapi)/)'],
  testEnvironment: 'node',
  // Tests run against workspace sources, so no build is needed first.
  moduleNameMapper: {
    '^@homefirst/schemas$': '<rootDir>/schemas/src',
    '^@homefirst/connector-([a-z0-9-]+)$': '<rootDir>/connectors/$1/src',
    '^@homefirst/([a-z0-9-]+)$': '<rootDir>/services/$1/src',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.hub/'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'stack',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      testPathIgnorePatterns: [
        ...common.testPathIgnorePatterns,
        '<rootDir>/tests/disruptive/',
        '\\.disruptive\\.int\\.test\\.ts$',
        '\\.outage\\.int\\.test\\.ts$',
        '\\.cluster\\.int\\.test\\.ts$',
      ],
      globalSetup: '<rootDir>/tests/setup/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/setup/stack-timeouts.ts'],
    },
    {
      // Tests that stop and restart the shared stack's servers (or kill a service under load on it): run in
      // band, after the others (`npm run test:disruptive`).
      ...common,
      displayName: 'disruptive',
      testMatch: ['<rootDir>/tests/disruptive/**/*.int.test.ts', '<rootDir>/**/*.disruptive.int.test.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/setup/stack-timeouts.ts'],
    },
    {
      // Tests that stop servers of the private stack they share (@homefirst/testing's sharedPrivateStack: ports
      // 29192/29193/28181/26479), never the shared stack: in band (`npm run test:disruptive` runs them too);
      // their setup never touches the shared stack, so the two projects may run side by side. The private
      // stack is started by the first and stopped here at the end. tests/lint/outage-project.test.ts keeps
      // the two projects apart.
      ...common,
      displayName: 'outage',
      testMatch: ['<rootDir>/**/*.outage.int.test.ts'],
      globalSetup: '<rootDir>/tests/setup/outage-setup.ts',
      globalTeardown: '<rootDir>/tests/setup/outage-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/setup/stack-timeouts.ts'],
    },
    {
      // A private three-broker cluster of its own (ports 23092-23294, 23081, 23379), started and stopped by
      // the file itself; `npm test` runs it beside the disruptive and outage projects (`npm run test:cluster` alone).
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/**/*.cluster.int.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/setup/stack-timeouts.ts'],
    },
  ],
};
