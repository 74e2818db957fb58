/**
 * Benchmark of the offline test generator on real npm packages (DESIGN section 8, issue 7).
 *
 * Run: npx tsx bench/testgen.ts [name@version ...]   (default: the eight packages below)
 *
 * For each package: `npm pack name@version` into bench/.corpus/ (gitignored; fetched once),
 * unpacked into a fresh temporary project that starts from ZERO tests (a vitest project whose
 * only test file is an empty placeholder, so the runner has something to run), then
 * `TestCoverageBoostWorkflow` runs offline (no model). Statement coverage before and after is
 * measured by vitest + @vitest/coverage-v8 (istanbul statements) over the package's own .js
 * files; line coverage is the workflow's figure. Prints tests kept / generated and the time,
 * then the median statement coverage. Target: median >= 70% (TestPilot, a model-based
 * generator for npm packages, reports a 70.2% median).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestCoverageBoostWorkflow } from '../src/workflows/test-coverage/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.join(HERE, '.corpus');
const NODE_MODULES = path.resolve(HERE, '../node_modules');
const PACKAGES = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : ['ms@2.1.3', 'bytes@3.1.2', 'content-type@1.0.5', 'range-parser@1.2.1', 'escape-html@1.0.3', 'vary@1.1.2', 'cookie@0.6.0', 'media-typer@1.1.0'];

async function fetchPackage(spec: string): Promise<string> {
  const dir = path.join(CORPUS, spec.replace(/[@/]/g, '_'));
  if (existsSync(path.join(dir, 'package', 'package.json'))) return path.join(dir, 'package');
  await fs.mkdir(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop() as string;
  execFileSync('tar', ['xzf', path.join(dir, out), '-C', dir]);
  return path.join(dir, 'package');
}

async function zeroTestProject(source: string): Promise<{ root: string; sources: string[] }> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-bench-testgen-')));
  await fs.cp(source, root, { recursive: true, filter: (p) => !/(^|\/)(test|tests|__tests__|spec)(\/|$)|\.(test|spec)\.[cm]?js$/.test(path.relative(source, p)) });
  const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg['scripts'] = { test: 'vitest run' };
  pkg['devDependencies'] = { vitest: '4.1.12', '@vitest/coverage-v8': '4.1.12' };
  delete pkg['type'];
  await fs.writeFile(path.join(root, 'package.json'), JSON.stringify(pkg, null, 2));
  await fs.symlink(NODE_MODULES, path.join(root, 'node_modules'), 'dir');
  await fs.mkdir(path.join(root, 'test'));
  await fs.writeFile(path.join(root, 'test', 'placeholder.test.js'), "import { it } from 'vitest';\n\nit('placeholder (the package starts with zero tests)', () => {});\n");
  const sources = (await fs.readdir(root, { recursive: true })).filter((f) => /\.[cm]?js$/.test(f) && !f.startsWith('node_modules') && !f.startsWith('test/') && !/\.min\.js$/.test(f));
  return { root, sources };
}

function statementCoverage(root: string, sources: string[]): number | null {
  const dir = path.join(root, '.bench-coverage');
  const args = ['run', '--coverage.enabled=true', '--coverage.provider=v8', '--coverage.reporter=json-summary', `--coverage.reportsDirectory=${dir}`, ...sources.map((s) => `--coverage.include=${s}`)];
  try {
    execFileSync(path.join(root, 'node_modules', '.bin', 'vitest'), args, { cwd: root, stdio: 'pipe', timeout: 180_000 });
  } catch {
    // failing tests still write coverage; a missing summary is "not measured" below
  }
  const file = path.join(dir, 'coverage-summary.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(execFileSync('cat', [file], { encoding: 'utf8' })) as { total: { statements: { pct: number } } }).total.statements.pct;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const rows: string[] = [];
const after: number[] = [];
console.log(`testgen bench: ${PACKAGES.length} packages, offline (no model), node ${process.versions.node}`);
for (const spec of PACKAGES) {
  const source = await fetchPackage(spec);
  const { root, sources } = await zeroTestProject(source);
  const before = statementCoverage(root, sources);
  await fs.rm(path.join(root, '.bench-coverage'), { recursive: true, force: true });
  const started = performance.now();
  const r = await new TestCoverageBoostWorkflow({ targetCoverage: 100, projectRoot: root, maxTimeSeconds: 240 }).execute();
  const seconds = (performance.now() - started) / 1000;
  const stmts = statementCoverage(root, sources);
  if (stmts !== null) after.push(stmts);
  const row = [
    spec.padEnd(20),
    `stmts ${before ?? 'n/m'}% -> ${stmts ?? 'n/m'}%`.padEnd(26),
    `lines ${r.coverageBefore ?? 'n/m'}% -> ${r.coverageAfter ?? 'n/m'}%`.padEnd(26),
    `kept ${r.testsGenerated}/${r.generation.testsGenerated} tests, ${r.validation.keptFiles.length}/${r.generation.testFiles.length} files`.padEnd(34),
    `bugs ${r.possibleBugs.length}`.padEnd(8),
    `${seconds.toFixed(1)}s`,
  ].join(' ');
  rows.push(row);
  console.log(row);
  if (r.errors.length > 0) console.log(`  errors: ${r.errors.join('; ')}`);
  await fs.rm(root, { recursive: true, force: true });
}
console.log(`\nmedian statement coverage after: ${after.length ? median(after).toFixed(2) : 'n/m'}% over ${after.length} package(s) (target >= 70%)`);
