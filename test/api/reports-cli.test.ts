import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

const ROOT = path.resolve(__dirname, '../..');
let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-reports-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
jest.setTimeout(120_000);

/** Runs an npm script as a person would, against this run's store (PGlite in a temporary folder, or DATABASE_URL). */
function run(script: string, args: string[]) {
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [`scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', COURSES_DIR: 'test/fixtures/courses' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run demo and npm run reports', () => {
  it('seeds learners, then exports the completion report as CSV and XLSX and the statements as NDJSON', async () => {
    const demo = run('demo', ['--learners', '40', '--course', 'sample', '--seed', '7']);
    expect(demo.err).toMatch(/learners: 40\/40/);
    expect(demo.code).toBe(0);
    const added = /Added 40 learners to sample \((\d+) completed, ([\d,]+) xAPI statements\)/.exec(demo.out);
    expect(added).not.toBeNull();

    const csvFile = path.join(dataDir, 'out.csv');
    const csv = run('reports', ['completions', '--course', 'sample', '--out', csvFile]);
    expect(csv.code).toBe(0);
    // On PostgreSQL other command-line tests share the database: the course may hold a few more learners.
    const written = /(\d+) rows written to .*out\.csv .*peak memory \d+ MB/.exec(csv.err);
    expect(written).not.toBeNull();
    const rows = parse(fs.readFileSync(csvFile), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.length).toBe(Number(written![1]));
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(rows.filter((r) => r.completed_at).length).toBeGreaterThanOrEqual(Number(added![1]));
    expect(rows.every((r) => r.learner === r.pseudonym)).toBe(true);

    const xlsxFile = path.join(dataDir, 'out.xlsx');
    expect(run('reports', ['completions', '--course', 'sample', '--out', xlsxFile, '--release', 'v2']).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    expect(workbook.worksheets[0].rowCount - 1).toBe(rows.filter((r) => r.release === 'v2').length);

    const ndjson = path.join(dataDir, 'out.ndjson');
    expect(run('reports', ['statements', '--course', 'sample', '--out', ndjson]).code).toBe(0);
    const lines = fs.readFileSync(ndjson, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(Number(added![2].replace(/,/g, '')));
    expect(JSON.parse(lines[0]).context.contextActivities.grouping[0].id).toMatch(/\/courses\/sample\/releases\//);
  });

  it('says what to fix when an argument is wrong', () => {
    const cases: [string[], RegExp][] = [
      [['completions', '--out', 'x.csv'], /--course: give the course/],
      [['completions', '--course', 'sample', '--out', 'x.pdf'], /--format: format must be csv or xlsx/],
      [['completions', '--course', 'sample', '--out', 'x.csv', '--gender', 'woman'], /gender filters only aggregated/],
      [['aggregate', '--course', 'sample', '--out', 'x.csv', '--from', '2024-02-30'], /--from: from must be a date/],
      [['completions', '--course', 'sample', '--out', 'x.csv', '--release', 'v9'], /no release "v9"/],
      [['frobnicate'], /Unknown report "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const r = run('reports', args);
      expect(`${args.join(' ')} → ${r.code}`).toBe(`${args.join(' ')} → 2`);
      expect(r.err).toMatch(message);
    }
    expect(run('demo', ['--learners', 'many']).err).toMatch(/--learners must be a whole number/);
  });
});
