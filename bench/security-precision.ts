/**
 * Security precision benchmark (issue 15). Run:
 * `npx tsx bench/security-precision.ts --repos DIR [--copies DIR] [--only a,b]`.
 *
 * `--repos DIR` holds local clones of public repositories, one per subdirectory (bench/README.md
 * says which and how to clone them; nothing is fetched here). For each clone it runs release-prep
 * with the security agent alone (PREMIUM, learning and cache off, npm audit as the registry
 * answers) and prints every critical finding, to be read and classified by hand in the README.
 * Then it copies the clone into `--copies DIR` (default: a temporary directory), adds one new
 * file with one injection per sink class of the repository's language (JS: code, command, SQL,
 * XSS, path; Python: the same plus deserialization), runs the same release-prep on the copy and
 * reports how many planted injections are critical and whether the release is blocked.
 *
 * @module
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analysesOf } from '../src/workflows/report/report-data.js';
import { OrchestratedReleasePrepWorkflow } from '../src/workflows/release-prep/release-prep.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const reposDir = flag('repos');
if (!reposDir) throw new Error('--repos DIR is required: a folder of clones (see bench/README.md)');
const only = flag('only')?.split(',');
const copiesDir = flag('copies') ?? mkdtempSync(path.join(os.tmpdir(), 'empathy-planted-'));
const print = (line = '') => process.stdout.write(`${line}\n`);

/** The planted file per language: its name, text, and the 1-based lines of its injections with their class. */
const PLANTED = {
  js: {
    file: 'empathy_planted_injections.js',
    lines: [
      "const cp = require('child_process');",
      "const fs = require('fs');",
      "const path = require('path');",
      'module.exports = function plantedRoutes(app, db) {',
      "  app.get('/planted', (req, res) => {",
      '    res.send(String(eval(req.query.expr)));', // code
      "    cp.exec('tar czf /tmp/out.tgz ' + req.query.name);", // command
      "    db.query('SELECT * FROM users WHERE id = ' + req.params.id);", // sql
      '    document.body.innerHTML = req.body.html;', // xss
      "    res.send(fs.readFileSync(path.join('/srv/files', req.params.file)));", // path
      '  });',
      '};',
      '',
    ],
    sinks: { 6: 'code', 7: 'command', 8: 'sql', 9: 'xss', 10: 'path' } as Record<number, string>,
  },
  py: {
    file: 'empathy_planted_injections.py',
    lines: [
      'import os',
      'import pickle',
      'import subprocess',
      'from flask import Flask, request',
      'from markupsafe import Markup',
      'app = Flask(__name__)',
      '@app.route("/planted")',
      'def planted(cursor):',
      '    eval(request.args["expr"])',
      '    subprocess.run("tar czf /tmp/out.tgz " + request.args["name"], shell=True)',
      '    cursor.execute("SELECT * FROM users WHERE id = \'%s\'" % request.args["id"])',
      '    pickle.loads(request.get_data())',
      '    Markup("<p>" + request.args["msg"] + "</p>")',
      '    return open(os.path.join("/srv/files", request.args["file"])).read()',
      '',
    ],
    sinks: { 9: 'code', 10: 'command', 11: 'sql', 12: 'deserialization', 13: 'xss', 14: 'path' } as Record<
      number,
      string
    >,
  },
};

interface Run {
  approved: boolean;
  findings: { file: string; line: number; rule: string; severity: string; message: string }[];
  seconds: number;
  /** Why the release is blocked (gate messages), to tell a security block from a failed run. */
  blockers: string[];
}

async function releasePrep(root: string): Promise<Run> {
  const started = performance.now();
  const workflow = new OrchestratedReleasePrepWorkflow({
    agentIds: ['security_auditor'],
    learn: false,
    cache: false,
  });
  const report = await workflow.execute({ path: root });
  const security = analysesOf(report.agentResults).find((a) => a.analyzer === 'security');
  return {
    approved: report.approved,
    findings: security?.findings ?? [],
    seconds: (performance.now() - started) / 1000,
    blockers: report.blockers,
  };
}

function languageOf(root: string): 'js' | 'py' {
  return statSafe(path.join(root, 'package.json')) ? 'js' : 'py';
}

function statSafe(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

const repos = readdirSync(reposDir)
  .filter((name) => statSync(path.join(reposDir, name)).isDirectory())
  .filter((name) => !only || only.includes(name))
  .sort();
const table: string[] = [
  '| repository | lang | critical (clean) | planted critical | release (planted copy) | seconds |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const name of repos) {
  const root = path.join(reposDir, name);
  const lang = languageOf(root);
  const clean = await releasePrep(root);
  const criticals = clean.findings.filter((f) => f.severity === 'critical');
  print(
    `## ${name} (${lang}): ${criticals.length} critical, release ${clean.approved ? 'approved' : 'blocked'}`,
  );
  for (const f of criticals) print(`- ${f.file}:${f.line} ${f.rule}: ${f.message.slice(0, 240)}`);
  for (const b of clean.blockers) print(`  blocker: ${b}`);

  const copy = path.join(copiesDir, name);
  rmSync(copy, { recursive: true, force: true });
  cpSync(root, copy, { recursive: true });
  const planted = PLANTED[lang];
  writeFileSync(path.join(copy, planted.file), planted.lines.join('\n'));
  const dirty = await releasePrep(copy);
  const hits = Object.entries(planted.sinks).map(([line, sink]) => {
    const found = dirty.findings.find(
      (f) => f.file === planted.file && f.line === Number(line) && f.severity === 'critical',
    );
    return { sink, found: !!found };
  });
  const missed = hits.filter((h) => !h.found).map((h) => h.sink);
  for (const b of dirty.blockers) print(`  blocker (planted copy): ${b}`);
  print(
    `   planted: ${hits.length - missed.length}/${hits.length} critical${missed.length ? ` (missed: ${missed.join(', ')})` : ''}; release ${dirty.approved ? 'APPROVED' : 'blocked'}`,
  );
  table.push(
    `| ${name} | ${lang} | ${criticals.length} | ${hits.length - missed.length}/${hits.length} | ${dirty.approved ? 'approved' : 'blocked'} | ${clean.seconds.toFixed(1)} + ${dirty.seconds.toFixed(1)} |`,
  );
}
print();
for (const row of table) print(row);
