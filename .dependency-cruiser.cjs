/**
 * Module boundaries (docs/architecture.md): `npm run lint:boundaries`, a leg of `.ci/run`.
 * - Code outside a module reaches it only through its index.ts (its public face: services, types,
 *   and the tables others reference for foreign keys).
 * - src/platform never depends on a module; only its integration tests may (through index.ts) use
 *   a module's tables as fixtures.
 * - No import cycles, type-only imports included (they cannot break loading, but they still tie two
 *   files into one unit).
 */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: 'A module reaches another module only through its index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'module-internals-from-outside',
      comment: 'Code outside the modules (app, cli, demo, platform, tests) reaches a module only through its index.ts.',
      severity: 'error',
      from: { path: '^(src|test|bench|e2e|scripts)/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/.', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'platform-imports-module',
      comment: 'src/platform is below the modules: it must not depend on them (its integration tests may use a module through index.ts).',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
