// One jest project per package; TypeScript through @swc/jest. Unit tests import the
// workspace packages from source; tests of the built packages use dist/ explicitly.
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const mapper = {
  '^@mellea/core-hooks$': '<rootDir>/../core-hooks/src/index.ts',
  '^@mellea/instrumentation-flows$': '<rootDir>/../instrumentation-flows/src/index.ts',
  '^@mellea/exporter-langfuse$': '<rootDir>/../exporter-langfuse/src/index.ts',
};
const project = (name) => ({
  displayName: name,
  rootDir: `<rootDir>/packages/${name}`,
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': swc },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  moduleNameMapper: mapper,
});
// Contract tests at the seam: every package real, from source, beside the peers they meet.
const contract = {
  ...project('langfuse-contract'),
  displayName: 'langfuse-contract',
  rootDir: '<rootDir>/tests/langfuse-contract',
  moduleNameMapper: {
    '^@mellea/core-hooks$': '<rootDir>/../../packages/core-hooks/src/index.ts',
    '^@mellea/instrumentation-flows$': '<rootDir>/../../packages/instrumentation-flows/src/index.ts',
    '^@mellea/exporter-langfuse$': '<rootDir>/../../packages/exporter-langfuse/src/index.ts',
  },
};
module.exports = {
  projects: [project('core-hooks'), project('instrumentation-flows'), project('exporter-langfuse'), contract],
  testTimeout: 30000,
};
