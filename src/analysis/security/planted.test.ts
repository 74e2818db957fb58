import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import type { AnalysisReport } from '../types.js';
import { securityAnalyzer, type SecurityFigures } from './index.js';

/**
 * The planted-vulnerability suite (issue 15): for JS, TS and Python, one file per sink class with
 * a tainted variant (outside data reaches the sink: critical) and an untainted one (constants
 * only: never critical). The files are written at test time into a temporary project.
 */
type Case = { lang: 'js' | 'ts' | 'py'; sink: string; tainted: string; untainted: string };

const JS_HEAD =
  "import cp from 'node:child_process';\nimport fs from 'node:fs';\nimport path from 'node:path';\nimport vm from 'node:vm';\n";
const route = (body: string, ts = false) =>
  `${JS_HEAD}export function register(app${ts ? ': any' : ''}, db${ts ? ': any' : ''}) {\n  app.get('/x', (req${ts ? ': any' : ''}, res${ts ? ': any' : ''}) => {\n    ${body}\n  });\n}\n`;
const constant = (body: string) =>
  `${JS_HEAD}const LIMIT = 'ls -la';\nexport function run(db) {\n  ${body}\n}\n`;

const JS_SINKS: Array<[string, string, string]> = [
  ['eval', 'res.send(String(eval(req.query.expr)));', "return eval('1 + 2');"],
  [
    'new-function',
    "const f = new Function('x', 'return ' + req.body.code); res.send(f(1));",
    "return new Function('x', 'return x + 1');",
  ],
  ['vm', 'res.send(vm.runInNewContext(req.query.code, {}));', "return vm.runInNewContext('1 + 1', {});"],
  ['exec', "cp.exec('tar czf /tmp/a.tgz ' + req.query.name);", 'return cp.exec(LIMIT);'],
  ['exec-sync', 'cp.execSync(`git log ${req.params.ref}`);', "return cp.execSync('git log -1');"],
  [
    'spawn-shell',
    "cp.spawn('grep ' + req.query.q, [], { shell: true });",
    "return cp.spawn('grep x', [], { shell: true });",
  ],
  [
    'sql',
    "db.query('SELECT * FROM users WHERE id = ' + req.params.id);",
    "return db.query('SELECT * FROM users WHERE id = ' + 42);",
  ],
  [
    'sql-template',
    "db.execute(`DELETE FROM posts WHERE author = '${req.body.author}'`);",
    'return db.execute(`DELETE FROM posts WHERE id = ${1}`);',
  ],
  ['inner-html', 'document.body.innerHTML = req.body.html;', "document.body.innerHTML = '<b>hi</b>';"],
  ['document-write', 'document.write(req.query.banner);', "document.write('<p>static</p>');"],
  [
    'fs-path',
    "res.send(fs.readFileSync(path.join('/srv/files', req.params.name)));",
    "return fs.readFileSync(path.join('/srv/files', 'index.html'));",
  ],
];

const PY_HEAD =
  'import os\nimport pickle\nimport subprocess\n\nimport yaml\nfrom flask import Flask, request\nfrom markupsafe import Markup\n\napp = Flask(__name__)\n\n';
const pyRoute = (body: string) =>
  `${PY_HEAD}@app.route("/x")\ndef handler():\n    ${body.split('\n').join('\n    ')}\n`;
const pyConst = (body: string) =>
  `${PY_HEAD}COMMAND = "ls -la"\n\n\ndef _internal(cursor):\n    ${body.split('\n').join('\n    ')}\n`;

const PY_SINKS: Array<[string, string, string]> = [
  ['eval', 'return str(eval(request.args["expr"]))', 'return eval("1 + 2")'],
  ['exec', 'exec("result = " + request.form["code"])\nreturn "ok"', 'exec("result = 1")'],
  [
    'subprocess-shell',
    'subprocess.run("tar czf /tmp/a.tgz " + request.args["name"], shell=True)\nreturn "ok"',
    'subprocess.run(COMMAND, shell=True)',
  ],
  ['os-system', 'os.system(f"ping -c 1 {request.args[\'host\']}")\nreturn "ok"', 'os.system("uptime")'],
  ['pickle', 'return str(pickle.loads(request.get_data()))', 'return pickle.loads(pickle.dumps(1))'],
  ['yaml', 'return str(yaml.load(request.data))', 'return yaml.load("a: 1")'],
  [
    'sql',
    'cursor = app.db.cursor()\ncursor.execute("SELECT * FROM users WHERE name = \'%s\'" % request.args["name"])\nreturn "ok"',
    'cursor.execute("SELECT * FROM users WHERE id = %s" % 42)',
  ],
  [
    'path',
    'return open(os.path.join("/srv/files", request.args["name"])).read()',
    'return open(os.path.join("/srv/files", "index.html")).read()',
  ],
  ['markup', 'return Markup("<p>" + request.args["msg"] + "</p>")', 'return Markup("<p>static</p>")'],
];

const CASES: Case[] = [
  ...JS_SINKS.map(([sink, t, u]): Case => ({ lang: 'js', sink, tainted: route(t), untainted: constant(u) })),
  ...JS_SINKS.map(([sink, t, u]): Case => ({
    lang: 'ts',
    sink,
    tainted: route(t, true),
    untainted: constant(u).replace(
      'run(db)',
      'run(db: { query(s: string): unknown; execute(s: string): unknown })',
    ),
  })),
  ...PY_SINKS.map(([sink, t, u]): Case => ({ lang: 'py', sink, tainted: pyRoute(t), untainted: pyConst(u) })),
];

const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-planted-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const fileOf = (c: Case, variant: 'tainted' | 'untainted') => `src/${c.lang}/${c.sink}-${variant}.${c.lang}`;

let report: AnalysisReport<SecurityFigures>;
beforeAll(async () => {
  for (const c of CASES) {
    for (const variant of ['tainted', 'untainted'] as const) {
      const file = path.join(temp, fileOf(c, variant));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, c[variant]);
    }
  }
  const index = await buildProjectIndex(temp, { cache: false });
  report = await securityAnalyzer.analyze(index, { tier: 'PREMIUM', banditCommand: '/nonexistent/bandit' });
});

describe('planted vulnerabilities: severity by data flow', () => {
  it.each(CASES.map((c) => [`${c.lang} ${c.sink}`, c] as const))(
    '%s: tainted is critical, untainted is not',
    (_, c) => {
      const tainted = report.findings.filter(
        (f) => f.file === fileOf(c, 'tainted') && f.severity === 'critical',
      );
      expect(
        tainted.length,
        JSON.stringify(report.findings.filter((f) => f.file === fileOf(c, 'tainted'))),
      ).toBe(1);
      expect(tainted[0]!.rule).toMatch(/^taint\//);
      expect(tainted[0]!.flow?.[0]?.label).toMatch(/^source: /);
      expect(tainted[0]!.flow?.at(-1)?.label).toMatch(/^sink: /);
      const untainted = report.findings.filter(
        (f) => f.file === fileOf(c, 'untainted') && f.severity === 'critical',
      );
      expect(untainted, JSON.stringify(untainted)).toEqual([]);
    },
  );

  it('counts exactly the tainted files as critical', () => {
    expect(report.figures.critical_issues).toBe(CASES.length);
  });
});
