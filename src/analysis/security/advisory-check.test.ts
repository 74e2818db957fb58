import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bulkAuditPayload, npmConfigProblem } from './advisory-check.js';

describe("bulkAuditPayload: npm's bulk request body from the lock file", () => {
  it('every installed package under its package name; the root and versionless entries left out', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0' },
        'node_modules/a': { version: '1.0.0' },
        'node_modules/b/node_modules/a': { version: '2.0.0' },
        'node_modules/c/node_modules/a': { version: '1.0.0' },
        'node_modules/@scope/pkg': { version: '3.1.0', dev: true },
        'node_modules/alias': { name: 'real-name', version: '4.0.0' },
        'node_modules/git-dep': { version: '' },
      },
    };
    expect(bulkAuditPayload(JSON.stringify(lock))).toEqual({
      payload: { a: ['1.0.0', '2.0.0'], '@scope/pkg': ['3.1.0'], 'real-name': ['4.0.0'] },
    });
  });

  it('a lock it cannot read the way npm does gives the reason', () => {
    expect(bulkAuditPayload('{"lockfileVersion":1,"dependencies":{}}')).toEqual({ reason: 'lockfileVersion 1 (only 2 and 3 are read)' });
    expect(bulkAuditPayload('{')).toEqual({ reason: 'the lock file is not JSON' });
    expect(bulkAuditPayload('{"lockfileVersion":3,"packages":{"":{},"vendor/x":{"version":"1.0.0"}}}')).toEqual({
      reason: 'lock entry "vendor/x" is outside node_modules',
    });
    const linked = { lockfileVersion: 3, packages: { '': {}, 'node_modules/local': { resolved: 'libs/local', link: true }, 'libs/local': { version: '0.1.0' } } };
    expect(bulkAuditPayload(JSON.stringify(linked))).toEqual({ reason: '"node_modules/local" is a link to libs/local' });
  });
});

describe('npmConfigProblem: when our request could differ from npm audit', () => {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-npmrc-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  let n = 0;
  const project = (files: Record<string, string>) => {
    const root = path.join(temp, `p${(n += 1)}`);
    mkdirSync(root);
    writeFileSync(path.join(root, 'package.json'), '{"name":"p"}');
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
    return root;
  };
  const check = (root: string, env: NodeJS.ProcessEnv = {}, home = temp) =>
    npmConfigProblem(root, { env: { PREFIX: temp, ...env }, home, npmDir: null });

  it('harmless settings, auth for the default registry and a readable cafile are accepted', () => {
    const ca = path.join(temp, 'ca.pem');
    writeFileSync(ca, 'PEM');
    const root = project({ '.npmrc': 'fund=false\naudit=false\n# comment\n//registry.npmjs.org/:_authToken=secret\n' });
    const result = check(root, { npm_config_cache: '/tmp/c', npm_config_registry: 'https://registry.npmjs.org', npm_config_cafile: ca });
    expect(result).toMatchObject({ config: { ca: 'PEM' } });
  });

  it.each([
    [{ '.npmrc': 'registry=https://mirror.example/\n' }, {}, 'registry https://mirror.example/'],
    [{ '.npmrc': '@corp:registry=https://corp.example/\n' }, {}, 'scoped registry'],
    [{ '.npmrc': 'omit=dev\n' }, {}, 'npm setting "omit"'],
    [{ '.npmrc': 'strict-ssl=false\n' }, {}, 'strict-ssl=false'],
    [{ '.npmrc': 'https-proxy=http://proxy:3128\n' }, {}, 'npm setting "https-proxy"'],
    [{ '.npmrc': 'registry=${REG}\n' }, {}, 'uses an environment variable'],
    [{ '.npmrc': '[section]\n' }, {}, 'cannot read the line'],
    [{}, { npm_config_cafile: '/nonexistent/ca.pem' }, 'cafile /nonexistent/ca.pem'],
    [{ '.npmrc': 'cafile=/etc/hostname\n' }, {}, `the repository's npmrc sets "cafile"`],
    [{ '.npmrc': 'userconfig=/etc/hostname\n' }, {}, `the repository's npmrc sets "userconfig"`],
    [{}, { npm_config_registry: 'https://mirror.example/' }, 'registry https://mirror.example/'],
    [{}, { NPM_CONFIG_INCLUDE: 'dev' }, 'npm setting "include"'],
    [{}, { HTTPS_PROXY: 'http://proxy:3128' }, 'a proxy is set (HTTPS_PROXY)'],
    [{}, { NODE_ENV: 'production' }, 'NODE_ENV=production'],
    [{ 'package.json': '{"workspaces":["packages/*"]}' }, {}, 'declares workspaces'],
  ])('%j %j -> plain npm audit (%s)', (files, env, reason) => {
    const result = check(project(files as Record<string, string>), env as NodeJS.ProcessEnv);
    expect(result).toHaveProperty('problem');
    expect((result as { problem: string }).problem).toContain(reason);
  });

  it("reads the user's npmrc and the global one named by the environment", () => {
    const home = path.join(temp, 'home');
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, '.npmrc'), 'production=true\n');
    expect(check(project({}), {}, home)).toEqual({ problem: `${path.join(home, '.npmrc')}: npm setting "production" may change the audit` });
    const global = path.join(temp, 'global-npmrc');
    writeFileSync(global, 'registry=https://mirror.example/\n');
    expect(check(project({}), { npm_config_globalconfig: global })).toHaveProperty('problem', `${global}: registry https://mirror.example/`);
  });

  it("follows npm's locations: the global npmrc under a prefix the user's npmrc sets, ~ in paths", () => {
    const home = path.join(temp, 'home2');
    mkdirSync(path.join(home, 'g', 'etc'), { recursive: true });
    writeFileSync(path.join(home, '.npmrc'), 'prefix=~/g\n');
    writeFileSync(path.join(home, 'g', 'etc', 'npmrc'), '@corp:registry=https://corp.example/\n');
    expect(check(project({}), {}, home)).toHaveProperty('problem', `${path.join(home, 'g', 'etc', 'npmrc')}: scoped registry "@corp:registry"`);
    // An empty environment value is not a setting (npm skips it), as under `npm run`.
    expect(check(project({}), { npm_config_omit: '' })).toHaveProperty('config');
  });

  it('a parent folder declaring workspaces (npm would audit from there)', () => {
    const parent = path.join(temp, 'mono');
    mkdirSync(path.join(parent, 'packages', 'x'), { recursive: true });
    writeFileSync(path.join(parent, 'package.json'), '{"workspaces":["packages/*"]}');
    writeFileSync(path.join(parent, 'packages', 'x', 'package.json'), '{}');
    expect(check(path.join(parent, 'packages', 'x'))).toHaveProperty('problem', `${path.join(parent, 'package.json')} declares workspaces`);
  });
});
