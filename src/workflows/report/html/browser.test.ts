/**
 * The HTML report in a real headless browser (Debian's chromium-headless-shell driven by
 * playwright-core; never a downloaded browser), from a real release-prep run through the CLI:
 * the page loads with no console error, the charts have one point per recorded run with the
 * recorded values, the figures in the page equal the JSON report of the same run, and a
 * screenshot is saved in `test-artifacts/` (git ignores it). Without a browser the browser part
 * skips with one line; `.ci/run` installs chromium-headless-shell.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/index.js';
import { recordingIO } from '../../../cli/test-io.test-helper.js';
import { readRunHistory, recordRun, type RunRecord } from '../../history/run-history.js';
import { changedJsLib, removeGitRepos } from '../../new-code/test-repo.test-helper.js';
import { gate, makeReport, REPO_ROOT } from '../fixture-reports.test-helper.js';
import { MARKDOWN_REPORT_MARKER } from '../markdown.js';

const BROWSERS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];
const installed = BROWSERS.find((p) => existsSync(p)) ?? null;
const driver = existsSync(path.join(REPO_ROOT, 'node_modules', 'playwright-core', 'package.json'));
const browserPath = driver ? installed : null;
if (!installed)
  process.stderr.write('html report browser test: skipped: no chromium-headless-shell or chromium (apt-get install chromium-headless-shell)\n');
else if (!driver) process.stderr.write('html report browser test: skipped: playwright-core is not installed (npm ci)\n');

/** Where the screenshot goes (ignored by git). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

interface Run {
  repo: string;
  out: string;
  code: number;
  err: string;
  summary: string;
  json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  history: RunRecord[];
}
let run: Run;

afterAll(removeGitRepos);

beforeAll(async () => {
  const { repo, scratch, lcov } = changedJsLib();
  const env = { EMPATHY_DATA_DIR: path.join(scratch, 'data'), GITHUB_STEP_SUMMARY: path.join(scratch, 'summary.md') };
  // two earlier runs of this project
  for (const [day, coverage, seconds] of [[1, 55.5, 30], [2, 61, 42]] as const) {
    await recordRun(
      repo,
      makeReport({
        timestamp: `2026-01-0${day}T10:00:00.000Z`,
        totalDuration: seconds,
        qualityGates: [gate({ name: 'Test Coverage', actual: coverage, agentId: 'test_coverage_analyzer' })],
      }),
      { env },
    );
  }
  const out = path.join(scratch, 'reports');
  const io = recordingIO(repo, { env });
  const args = ['orchestrate', 'release-prep', '--agents', 'test_coverage_analyzer', '--coverage-report', lcov];
  args.push('--base', 'main', '--min-coverage', '10', '--no-learn', '--no-cache');
  args.push('--format', 'json,html,github', '--output-dir', out);
  const code = await main(args, io);
  run = {
    repo,
    out,
    code,
    err: io.err,
    summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'),
    json: JSON.parse(readFileSync(path.join(out, 'release-prep.json'), 'utf8')),
    history: (await readRunHistory(repo, { env })).records,
  };
});

describe('release-prep --format json,html,github on a change of js-lib', () => {
  it('is blocked by new-code coverage (1 of 2 changed lines covered), writes each format and the step summary', () => {
    expect(run.code).toBe(1);
    expect(run.json['new_code']).toMatchObject({ coverage: 50, executable_lines: 2, uncovered: [{ file: 'lib/queue.js', lines: [14] }] });
    const annotations = readFileSync(path.join(run.out, 'release-prep.annotations'), 'utf8');
    expect(annotations).toContain('::error file=lib/queue.js,line=14,title=Changed lines not covered by tests::line 14 changed and not covered by any test\n');
    expect(run.summary).toContain('### New code');
    expect(run.summary).toContain('| Coverage | 50% (1 of 2 lines) | 69.0% |');
    expect(run.summary.trimEnd().endsWith(MARKDOWN_REPORT_MARKER)).toBe(true);
    // this run joined the history: 3 records, the last one this run's
    expect(run.history.map((r) => r.coverage)).toEqual([55.5, 61, 69.05]);
    expect(run.history.at(-1)).toMatchObject({ timestamp: run.json['timestamp'], new_coverage: 50, base_ref: 'main' });
  });

  it.skipIf(!browserPath)('renders in chromium: no console error, chart points = history, figures = JSON report, screenshot saved', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: browserPath!, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(path.join(run.out, 'release-prep.html')).href, { waitUntil: 'load' });
      const points = async (series: string) =>
        page.$$eval(`svg[data-series="${series}"] circle.point`, (els) => els.map((el) => Number(el.getAttribute('data-value'))));
      expect(await points('coverage')).toEqual(run.history.map((r) => r.coverage));
      expect(await points('duration')).toEqual(run.history.map((r) => Math.round(r.duration_seconds * 100) / 100));
      // every point is drawn inside its chart
      const boxes = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('circle.point')].every((c) => {
            const r = c.getBoundingClientRect();
            return r.width > 0 && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
          });
        }),
      );
      expect(boxes).toEqual([true, true, true, true]);
      const text = async (selector: string) => (await page.locator(selector).first().textContent())?.trim();
      const json = run.json;
      expect(await text('[data-figure="confidence"]')).toBe(json['confidence']);
      expect(await page.getAttribute('[data-figure="approved"]', 'data-value')).toBe(String(json['approved']));
      expect(Number(await text('[data-figure="total_duration"]'))).toBeCloseTo(json['total_duration'], 2);
      for (const g of json['quality_gates'] as Array<{ name: string; actual: number | null }>) {
        const shown = await text(`[data-figure="gate:${g.name}"]`);
        expect(shown, g.name).toBe(g.actual === null ? 'not measured' : Number.isInteger(g.actual) ? String(g.actual) : g.actual.toFixed(1));
      }
      expect(await text('[data-figure="new_code.coverage"]')).toBe('50% (1 of 2 lines)');
      const files = (json['agent_results'] as Array<{ output: { figures?: { files?: Array<{ path: string; pct: number }> } } }>)[0]!.output.figures!.files!;
      for (const f of files) expect(await text(`[data-figure="coverage:${f.path}"]`)).toBe(`${f.pct.toFixed(1)}%`);
      expect(await text('[data-figure="runs"]')).toBe(String(run.history.length));
      // the table fallback is in the page (closed <details>, readable without script)
      expect(await page.locator('table.trend-table tbody tr').count()).toBe(run.history.length);
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const shot = path.join(ARTIFACTS_DIR, 'html-report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
