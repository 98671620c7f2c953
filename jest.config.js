// Test tiers by suffix: *.spec.ts are pure, *.int-spec.ts talk to real Postgres/Kafka/SMTP,
// *.e2e-spec.ts run the compiled services as processes. The global setup finds or starts
// the infrastructure once (see test/support/global-setup.ts).
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// d3-force and its parts ship as ES modules only: compiled to CommonJS like our own files, the rest
// of node_modules left as it is.
const swcEsm = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }];

const moduleNameMapper = {
  '^@sentinel/(contracts|rules|persistence|messaging|service-kit)$': '<rootDir>/libs/$1/src',
  '^@sentinel/(contracts|rules|persistence|messaging|service-kit)/(.*)$': '<rootDir>/libs/$1/src/$2',
  '^@sentinel/testing$': '<rootDir>/test/support',
  '^@sentinel/testing/(.*)$': '<rootDir>/test/support/$1',
};

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, '/node_modules/d3-[^/]+/.+\\.m?js$': swcEsm },
  transformIgnorePatterns: ['/node_modules/(?!d3-[^/]+/)'],
  moduleNameMapper,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/scripts'],
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['**/*.e2e-spec.ts'],
      // The cluster fault profile (three Kafka nodes, a Postgres standby) runs on demand only,
      // FAULT_PROFILE=cluster npm run test:faults, and then instead of the one-broker fault suite.
      testPathIgnorePatterns: ['/node_modules/', process.env.FAULT_PROFILE === 'cluster' ? '/test/faults\\.e2e-spec\\.ts$' : '/test/faults-cluster\\.e2e-spec\\.ts$'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // Two cores: the services under test need the other one.
  maxWorkers: 2,
  testTimeout: 60_000,
};
