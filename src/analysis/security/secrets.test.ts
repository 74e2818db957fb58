import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { createSecretEngine, SECRETLINT_CONFIG, scanSecrets, secretRuleId } from './secrets.js';
import { readFile } from 'node:fs/promises';

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, '../../../test/fixtures/insecure-app');
const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-secrets-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the secretlint engine on @secretlint/core', () => {
  it("gives the messages @secretlint/node's engine gives with our configuration and the JSON formatter", async () => {
    const { createEngine } = await import('@secretlint/node');
    const reference = await createEngine({ cwd: app, formatter: 'json', color: false, maskSecrets: true, configFileJSON: SECRETLINT_CONFIG });
    const ours = await createSecretEngine(app);
    const index = await buildProjectIndex(app, { cache: false });
    let withSecrets = 0;
    for (const file of index.files) {
      const content = await readFile(file.absolutePath, 'utf8');
      const { output } = await reference.executeOnContent({ content, filePath: file.absolutePath });
      const expected = (JSON.parse(output) as { messages: unknown[] }[]).flatMap((r) => r.messages);
      expect(await ours.lint(content, file.absolutePath)).toEqual(expected);
      if (expected.length > 0) withSecrets += 1;
    }
    expect(withSecrets).toBeGreaterThanOrEqual(3);
  });
});

describe('scanSecrets', () => {
  it('finds the fake secrets of the fixture in non-code text files, critical (the key block that does not parse: high), masked', async () => {
    const index = await buildProjectIndex(app, { cache: false });
    const scan = await scanSecrets(index);
    expect(scan.findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.severity}`)).toEqual([
      '.env:2:secretlint/aws:critical',
      '.env:3:secretlint/aws:critical',
      'config/deploy_key:3:secretlint/privatekey:high',
      'config/settings.yml:6:secretlint/github:critical',
    ]);
    expect(scan.filesScanned).toBe(index.files.length);
    expect(scan.failures).toEqual([]);
    const messages = scan.findings.map((f) => f.message).join('\n');
    expect(messages).not.toContain('Xk7pT2mQ9vR4');
    expect(messages).not.toContain('ghp_FAKE');
  });

  it("leaves no performance marks behind (secretlint's quadratic profiler is switched off)", async () => {
    const index = await buildProjectIndex(app, { cache: false });
    performance.clearMarks();
    await scanSecrets(index);
    expect(performance.getEntriesByType('mark').map((m) => m.name)).toEqual([]);
  });

  it("does not report AWS's documented example key or secretlint-disabled lines", async () => {
    writeFileSync(
      path.join(temp, 'docs.md'),
      'Example: AKIAIOSFODNN7EXAMPLE\n' +
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' +
        // Built at run time so this source file holds no token-shaped literal of its own.
        `token: ${'ghp_'}FAKEtestTOKENforEmpathyFixture000002 # secretlint-disable-line\n`,
    );
    const index = await buildProjectIndex(temp, { cache: false });
    expect((await scanSecrets(index)).findings).toEqual([]);
  });

  it('names rules after secretlint ids', () => {
    expect(secretRuleId('@secretlint/secretlint-rule-github')).toBe('secretlint/github');
  });
});
