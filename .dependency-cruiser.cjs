// The architecture as rules (issue #15): apps over libs, pure rules, a contract that stands alone,
// migrations that never change after the fact. `npm run depcruise` checks the tree against them;
// test/architecture/dependency-rules.spec.ts shows each rule catching a violation.

/** Test files and test support: they may reach into what they test. */
const TESTS = '(\\.spec|\\.int-spec|\\.e2e-spec)\\.ts$';
/** An app's test support beside its specs (builds services on a test database). */
const TEST_KITS = '\\.test-kit\\.ts$';
/** Node's modules that touch the outside world: files, sockets, processes, workers. */
const NODE_IO = '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|readline|inspector|os)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-app',
      comment: 'An app is a deployable of its own: code two apps share belongs in a lib, or one app cannot change without the other.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'apps-import-libs-only',
      comment: 'Apps are built from libs; scripts and test support are not shipped, so an app that imports them breaks in dist/.',
      severity: 'error',
      from: { path: '^apps/', pathNot: TESTS },
      to: { path: '^(scripts|test)/' },
    },
    {
      name: 'apps-no-sql',
      comment:
        'An app reads and writes Postgres through the ports of libs/persistence (#26), injected by their abstract class: TypeORM and pg stay there, ' +
        'so every statement is found, reviewed and tested in one place. Its migrations (if an app ever has any) and test support may import them. ' +
        'A raw .query( is no import: test/repository/no-sql-in-apps.spec.ts finds those.',
      severity: 'error',
      from: { path: '^apps/', pathNot: [TESTS, TEST_KITS, '^apps/[^/]+/src/migrations/'] },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: '(^|/)node_modules/(typeorm/|@nestjs/typeorm/|pg/)',
      },
    },
    {
      name: 'libs-import-no-app',
      comment: 'Libs sit under the apps: a lib that imports an app turns the layers upside down and drags that app into every other.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'rules-import-only-contracts',
      comment: 'The rules are pure functions of the contract types: given/when/then tests, replays and backtests run them without a database or a broker.',
      severity: 'error',
      from: { path: '^libs/rules/', pathNot: TESTS },
      to: { path: '^(apps|scripts|test|libs/(?!rules/|contracts/))' },
    },
    {
      name: 'rules-no-frameworks',
      comment: 'No Nest, TypeORM, pg or kafkajs in the rules: wiring and storage belong to the apps and libs/persistence, so a rule cannot start doing I/O.',
      severity: 'error',
      from: { path: '^libs/rules/', pathNot: TESTS },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: '(^|/)node_modules/(@nestjs/|typeorm/|pg/|pg-|kafkajs/|nodemailer/|twilio/)',
      },
    },
    {
      name: 'rules-no-io',
      comment: "No files, sockets or processes in the rules: a rule's verdict depends on its inputs only, so it replays the same every time.",
      severity: 'error',
      from: { path: '^libs/rules/', pathNot: TESTS },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'contracts-import-no-lib',
      comment: 'The contract is what the services agree on and what is published: it must stand on its own, or a change inside a lib changes the contract.',
      severity: 'error',
      from: { path: '^libs/contracts/', pathNot: TESTS },
      to: { path: '^(apps|scripts|test|libs/(?!contracts/))' },
    },
    {
      name: 'migrations-import-no-runtime-code',
      comment:
        'A migration that has run must do the same thing forever: one that imports our code changes whenever that code does. What it needs is frozen inside it. ' +
        "StateSnapshots is the one exception: reverting it folds snapshots forward with the rules' evolve, the whole rule engine, which cannot be frozen into a file.",
      severity: 'error',
      from: { path: '^libs/persistence/src/migrations/[^/]+\\.ts$', pathNot: [TESTS, '/1764500000000-StateSnapshots\\.ts$'] },
      to: { path: '^(apps|libs|scripts|test)/', pathNot: '^libs/persistence/src/migrations/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes its modules one unit: none can be understood, tested or moved alone, and import order starts to matter.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency: without this the rules above would silently see nothing.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|test-artifacts|\\.run)/' },
    // Type-only imports count: a migration or a rule that imports a type still changes when it does.
    tsPreCompilationDeps: true,
    // Resolves the @sentinel/* aliases through the root tsconfig's paths.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
