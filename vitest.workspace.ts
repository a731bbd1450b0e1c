// The list of test projects. vitest 4 dropped workspace files; vitest.config.ts uses this as `test.projects`.
const projectDirs = [
  'packages/api-types',
  'packages/registry',
  'packages/browser-manager',
  'packages/server',
  'packages/client',
  'packages/marketbridge-controller',
  'apps/daemon',
  'apps/examples',
];

export default [
  ...projectDirs.map((root) => ({
    extends: true as const,
    test: {
      name: root.split('/')[1],
      root,
      include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
      // Every answer a server test receives is checked against the served OpenAPI document.
      ...(root === 'packages/server' ? { setupFiles: ['src/test-fixtures/openapi-drift-setup.ts'] } : {}),
    },
  })),
  // Repository-wide checks: package metadata, import boundaries, packed tarballs, the bench runner.
  {
    extends: true as const,
    test: { name: 'repo', root: '.', include: ['scripts/**/*.test.ts', 'bench/**/*.test.ts'] },
  },
];
