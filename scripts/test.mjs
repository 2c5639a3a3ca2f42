// `npm test`: builds what the tests run against (the `dockyard` bundle and the static site),
// checks types and formatting, runs every Vitest suite, and ends with one plain line
// `N passed, N failed` for CI (each failed check counts as one failure).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const env = {
  ...process.env,
  NO_COLOR: '1',
  ASTRO_TELEMETRY_DISABLED: '1',
  ASTRO_DISABLE_UPDATE_CHECK: 'true',
};
const bin = (name) => `node_modules/.bin/${name}`;

function step(label, command, args) {
  process.stdout.write(`\n> ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

const filters = process.argv.slice(2);
if (step('build the dockyard command', 'node', ['scripts/build-cli.mjs']) !== 0) process.exit(1);
if (step('build the site', bin('astro'), ['build', '--silent']) !== 0) process.exit(1);

const checks = [
  ['type-check the sandbox (no DOM)', bin('tsc'), ['-p', 'sandbox/tsconfig.json']],
  ['type-check everything', bin('tsc'), ['-p', 'tsconfig.json']],
  ['check formatting', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
];
const failedChecks = checks.filter(
  ([label, command, args]) => step(label, command, args) !== 0,
).length;

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const status = step('run the tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...filters,
]);

if (!existsSync(report)) {
  process.stdout.write(`0 passed, ${1 + failedChecks} failed\n`);
  process.exit(status || 1);
}
const results = JSON.parse(readFileSync(report, 'utf8'));
const failedFiles = results.testResults.filter(
  (file) => file.status === 'failed' && file.assertionResults.length === 0,
).length;
const passed = results.numPassedTests;
const failed = results.numFailedTests + failedFiles + failedChecks;
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
