// The integration tests (run by integration/run.mjs on the first Node line of .ci/node-lines.mjs,
// the SDK 3 ones again on the others): the packed packages installed from tarballs into
// applications outside the workspace, beside either OTel JS SDK line.
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': swc },
  testMatch: ['<rootDir>/**/*.test.ts'],
  globalSetup: '<rootDir>/global-setup.mjs',
  testTimeout: 120000,
};
