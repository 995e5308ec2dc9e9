/**
 * The room rules of ../shared/STYLE.md section 7.8: which folder may import which.
 * Every rule is an error; `npm run depcheck` runs in CI (npm test).
 */
const STYLE = 'STYLE.md 7.8';
const rule = (name, from, forbiddenPaths, comment) => ({
  name,
  severity: 'error',
  comment: `${comment} (${STYLE})`,
  from: { path: from },
  to: { path: forbiddenPaths },
});

module.exports = {
  forbidden: [
    rule('core-imports-nothing', '^src/core/', '^src/(?!core/)', 'core/ is the shared vocabulary and imports no other room'),
    { name: 'core-no-npm', severity: 'error', comment: `core/ uses Node built-ins only (${STYLE})`, from: { path: '^src/core/', pathNot: '\\.test\\.ts$' }, to: { dependencyTypes: ['npm', 'npm-dev'] } },
    rule('config-imports-core-only', '^src/config/', '^src/(?!core/|config/)', 'config/ may import core/ only'),
    {
      ...rule('dialects-are-pure', '^src/dialects/', '^src/(?!core/|dialects/)', 'dialects/ may import core/ and dialects/ only'),
      // Fixture tests feed raw SSE bytes through the real framer, so the framer is tested too.
      from: { path: '^src/dialects/', pathNot: '\\.test\\.ts$' },
    },
    {
      name: 'dialects-not-each-other',
      severity: 'error',
      comment: `a dialect imports core/, dialects/_shared/ and the dialect contracts, never another dialect (${STYLE})`,
      from: { path: '^src/dialects/([^/]+)/' },
      to: { path: '^src/dialects/([^/]+)/', pathNot: ['^src/dialects/$1/', '^src/dialects/_shared/'] },
    },
    {
      ...rule('providers-boundaries', '^src/providers/', '^src/(pipeline|server|storage|upstream/(?!credentials/)|admin|router|auth|limits|cache|guardrails|prompts|observability)', 'providers/ may import core/, config/ types, dialects/, providers/ contracts and credential factories from upstream/credentials/'),
      // Scenario tests feed raw fixture bytes through the real framers (upstream/), as does
      // their shared support module, which only tests import.
      from: { path: '^src/providers/', pathNot: ['\\.test\\.ts$', '^src/providers/scenarios/scenario-fixtures\\.ts$'] },
    },
    {
      name: 'providers-not-each-other',
      severity: 'error',
      comment: `a provider folder never imports another provider folder, except the shared openai-compatible helpers (${STYLE})`,
      from: { path: '^src/providers/([^/]+)/' },
      to: { path: '^src/providers/([^/]+)/', pathNot: ['^src/providers/$1/', '^src/providers/openai-compatible/index\\.ts$', '^src/providers/scenarios/'] },
    },
    rule('upstream-imports-core-only', '^src/upstream/', '^src/(?!core/|upstream/)', 'upstream/ opens sockets and imports core/ only'),
    rule('router-is-pure', '^src/router/', '^src/(storage|server|upstream|dialects|pipeline|admin|observability)/', 'router/ may import core/, config/ and provider capability types'),
    {
      ...rule('feature-rooms-boundaries', '^src/(auth|limits|cache|guardrails|prompts)/', '^src/(pipeline|server|upstream|providers|dialects|admin|observability|storage/(?!ports\\.ts))', 'feature rooms import core/, config/ and storage/ports.ts only'),
      // Their tests run against the real in-memory backends, never hand-made fakes of our own parts.
      from: { path: '^src/(auth|limits|cache|guardrails|prompts)/', pathNot: '\\.test\\.ts$' },
    },
    {
      name: 'feature-room-tests-use-memory-storage',
      severity: 'error',
      comment: `feature-room tests may add storage/memory/ (real backends) to the room's imports, nothing more (${STYLE})`,
      from: { path: '^src/(auth|limits|cache|guardrails|prompts)/.+\\.test\\.ts$' },
      to: { path: '^src/(pipeline|server|upstream|providers|dialects|admin|observability|storage/(?!ports\\.ts|memory/))' },
    },
    rule('pricing-is-pure', '^src/pricing/', '^src/(?!core/|pricing/)', 'pricing/ is pure data and arithmetic over core/ types'),
    rule('pipeline-boundaries', '^src/pipeline/', '^src/(server|admin|observability|storage/(?!ports\\.ts))', 'pipeline/ never imports the server, admin, observability or a storage backend'),
    rule('storage-backends-boundaries', '^src/storage/(memory|sqlite|postgres|redis)/', '^src/(?!core/|storage/)', 'a storage backend imports core/ and storage/ports.ts only'),
    rule('observability-imports-core-only', '^src/observability/', '^src/(?!core/|observability/)', 'observability/ subscribes to core/ events and imports nothing else'),
    rule('server-boundaries', '^src/server/', '^src/(storage|providers|upstream|router|auth|observability)/', 'server/ imports core/, config/, pipeline/, dialects/ (surfaces), pricing/ formatting and admin/ (to mount it)'),
    {
      ...rule('admin-boundaries', '^src/admin/', '^src/(pipeline|providers|upstream|dialects|server|observability|storage/(?!ports\\.ts))', 'admin/ imports core/, config/ and storage/ports.ts'),
      from: { path: '^src/admin/', pathNot: '\\.test\\.ts$' },
    },
    {
      name: 'admin-tests-use-memory-storage',
      severity: 'error',
      comment: `admin tests may add storage/memory/ (real backends) to admin's imports (${STYLE})`,
      from: { path: '^src/admin/.+\\.test\\.ts$' },
      to: { path: '^src/(pipeline|providers|upstream|dialects|server|observability|storage/(?!ports\\.ts|memory/))' },
    },
    {
      name: 'rooms-through-index',
      severity: 'error',
      comment: `other rooms import a room through its index.ts, never a deep path (${STYLE})`,
      // Provider scenario tests read raw fixtures through the real framers in upstream/.
      from: { path: '^src/([^/]+)/', pathNot: '^src/providers/.+\\.test\\.ts$' },
      to: {
        path: '^src/(config|auth|router|pipeline|providers|upstream|observability|server|admin|pricing)/(?!index\\.ts$)',
        pathNot: [
          '^src/$1/',
          // Contract and type-only files other rooms are allowed to name directly (STYLE.md 7.8).
          '^src/providers/(provider|registry)\\.ts$',
          '^src/upstream/transport\\.ts$',
          '^src/upstream/credentials/',
        ],
      },
    },
    {
      name: 'test-support-only-in-tests',
      severity: 'error',
      comment: 'fixture helpers import vitest and are not built into dist/: only tests may use them',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(providers/scenarios/scenario-fixtures|dialects/_shared/stream-chunks|upstream/encode-aws-event-stream-message)\\.ts$' },
    },
    { name: 'no-circular', severity: 'error', comment: 'cycles hide the direction of dependencies', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'a file nothing imports is dead code (tests and entry points excepted)',
      from: { orphan: true, pathNot: ['\\.test\\.ts$', '\\.contract\\.ts$', '^src/main\\.ts$', '\\.d\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '__fixtures__' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
