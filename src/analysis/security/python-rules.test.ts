import { describe, expect, it } from 'vitest';
import { pythonRuleFindings } from './python-rules.js';

async function rules(source: string): Promise<string[]> {
  const { findings } = await pythonRuleFindings('m.py', source);
  return findings.map((f) => `${f.line}:${f.rule}:${f.severity}`);
}

describe('python rules', () => {
  const cases: { name: string; source: string; expected: string[] }[] = [
    { name: 'eval of a variable', source: 'x = input()\neval(x)\n', expected: ['2:python/eval:high'] },
    { name: 'eval of a literal', source: 'eval("1 + 2")\n', expected: [] },
    { name: 'eval of an f-string', source: 'eval(f"1 + {n}")\n', expected: ['1:python/eval:high'] },
    { name: 'exec of a variable', source: 'exec(code)\n', expected: ['1:python/exec:high'] },
    { name: 'exec of a literal', source: "exec('print(1)')\n", expected: [] },
    { name: 'imported eval is not the builtin', source: 'from mylib import eval\neval(x)\n', expected: [] },
    {
      name: 'pickle.loads',
      source: 'import pickle\npickle.loads(blob)\n',
      expected: ['2:python/pickle-load:high'],
    },
    {
      name: 'aliased pickle.load',
      source: 'import pickle as pk\npk.load(f)\n',
      expected: ['2:python/pickle-load:high'],
    },
    {
      name: 'from pickle import loads as L',
      source: 'from pickle import loads as L\nL(b)\n',
      expected: ['2:python/pickle-load:high'],
    },
    { name: 'json.loads is fine', source: 'import json\njson.loads(b)\n', expected: [] },
    {
      name: 'yaml.load without Loader',
      source: 'import yaml\nyaml.load(s)\n',
      expected: ['2:python/yaml-load:high'],
    },
    {
      name: 'yaml.load with FullLoader',
      source: 'import yaml\nyaml.load(s, Loader=yaml.FullLoader)\n',
      expected: ['2:python/yaml-load:high'],
    },
    {
      name: 'yaml.load with SafeLoader',
      source: 'import yaml\nyaml.load(s, Loader=yaml.SafeLoader)\n',
      expected: [],
    },
    {
      name: 'yaml.load with positional CSafeLoader',
      source: 'import yaml\nyaml.load(s, yaml.CSafeLoader)\n',
      expected: [],
    },
    { name: 'yaml.safe_load', source: 'import yaml\nyaml.safe_load(s)\n', expected: [] },
    {
      name: 'yaml.unsafe_load',
      source: 'from yaml import unsafe_load\nunsafe_load(s)\n',
      expected: ['2:python/yaml-load:high'],
    },
    {
      name: 'subprocess shell=True',
      source: 'import subprocess\nsubprocess.run(cmd, shell=True)\n',
      expected: ['2:python/subprocess-shell:high'],
    },
    {
      name: 'subprocess shell=True literal',
      source: 'import subprocess\nsubprocess.run("ls -l", shell=True)\n',
      expected: ['2:python/subprocess-shell:info'],
    },
    {
      name: 'subprocess shell=False',
      source: 'import subprocess\nsubprocess.run(["ls", d], shell=False)\n',
      expected: [],
    },
    {
      name: 'subprocess without shell',
      source: 'import subprocess\nsubprocess.check_output(["git", "log"])\n',
      expected: [],
    },
    {
      name: 'subprocess.getoutput',
      source: 'import subprocess\nsubprocess.getoutput(cmd)\n',
      expected: ['2:python/subprocess-shell:high'],
    },
    {
      name: 'os.system',
      source: 'import os\nos.system("rm -rf " + path)\n',
      expected: ['2:python/os-system:high'],
    },
    {
      name: 'os.system literal',
      source: 'import os\nos.system("clear")\n',
      expected: ['2:python/os-system:info'],
    },
    {
      name: 'from os import popen',
      source: 'from os import popen\npopen(c)\n',
      expected: ['2:python/os-system:high'],
    },
    { name: 'os.path.join is fine', source: 'import os\nos.path.join(a, b)\n', expected: [] },
    {
      name: 'md5 of a password argument',
      source: 'import hashlib\nh = hashlib.md5(password.encode()).hexdigest()\n',
      expected: ['2:python/weak-password-hash:high'],
    },
    {
      name: 'sha1 assigned to pwd_hash',
      source: 'import hashlib\npwd_hash = hashlib.sha1(data).hexdigest()\n',
      expected: ['2:python/weak-password-hash:high'],
    },
    {
      name: 'md5 in hash_password()',
      source: 'import hashlib\ndef hash_password(p):\n    return hashlib.md5(p).hexdigest()\n',
      expected: ['3:python/weak-password-hash:high'],
    },
    {
      name: "hashlib.new('md5') on user['passwd']",
      source: "import hashlib\nhashlib.new('md5', user['passwd'])\n",
      expected: ['2:python/weak-password-hash:high'],
    },
    {
      name: 'md5 of a file (not a password)',
      source: 'import hashlib\ndigest = hashlib.md5(content).hexdigest()\n',
      expected: [],
    },
    {
      name: 'md5 usedforsecurity=False',
      source: 'import hashlib\nh = hashlib.md5(password, usedforsecurity=False)\n',
      expected: [],
    },
    {
      name: 'sha256 of a password (not weak)',
      source: 'import hashlib\nh = hashlib.sha256(password).hexdigest()\n',
      expected: [],
    },
    {
      name: 'bypass is not a password',
      source: 'import hashlib\nbypass = hashlib.md5(b).hexdigest()\n',
      expected: [],
    },
    {
      name: 'requests verify=False',
      source: 'import requests\nrequests.get(url, verify=False)\n',
      expected: ['2:python/requests-verify-false:high'],
    },
    {
      name: 'requests verify=True',
      source: 'import requests\nrequests.post(url, verify=True)\n',
      expected: [],
    },
    { name: 'requests default verify', source: 'import requests\nrequests.get(url)\n', expected: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      expect(await rules(c.source)).toEqual(c.expected);
    });
  }

  it('reports the line of a syntax error and still scans the rest', async () => {
    const result = await pythonRuleFindings('bad.py', 'import os\nos.system(cmd)\ndef broken(:\n    pass\n');
    expect(result.syntaxErrorLine).toBe(3);
    expect(result.findings.map((f) => f.rule)).toEqual(['python/os-system']);
  });

  it('has no syntax error on valid code', async () => {
    expect((await pythonRuleFindings('ok.py', 'x = 1\n')).syntaxErrorLine).toBeNull();
  });
});
