// Reads jest's JSON reports and fails unless every expected suite ran tests and none was skipped.
// An argument is report.json:suite,suite[:file=min,...]: each named test file must have passed at least
// min tests in that report (the replica tests pass one test on PGlite, saying they need PostgreSQL).
const fs = require('node:fs');
const path = require('node:path');

let passed = 0;
let failed = 0;
const problems = [];
for (const arg of process.argv.slice(2)) {
  const [file, suites, minimums = ''] = arg.split(':');
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  if (report.numPendingTests || report.numTodoTests)
    problems.push(`${file}: ${report.numPendingTests} skipped test(s)`);
  for (const suite of suites.split(',')) {
    const dir = path.join('test', suite) + path.sep;
    const ran = report.testResults
      .filter((r) => path.relative(process.cwd(), r.name).startsWith(dir))
      .flatMap((r) => r.assertionResults)
      .filter((a) => a.status === 'passed').length;
    if (ran === 0) problems.push(`${file}: the ${suite} suite ran no test`);
    else console.log(`ci: ${path.basename(file, '.json')} ${suite}: ${ran} passed`);
  }
  for (const minimum of minimums.split(',').filter(Boolean)) {
    const [testFile, min] = minimum.split('=');
    const ran = report.testResults
      .filter((r) => path.relative(process.cwd(), r.name) === path.join('test', testFile))
      .flatMap((r) => r.assertionResults)
      .filter((a) => a.status === 'passed').length;
    if (ran < Number(min)) problems.push(`${file}: ${testFile} passed ${ran} test(s), expected at least ${min}`);
    else console.log(`ci: ${path.basename(file, '.json')} ${testFile}: ${ran} passed`);
  }
}
for (const p of problems) console.error(`ci: ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length || failed ? 1 : 0);
