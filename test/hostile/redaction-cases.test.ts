/**
 * Hostile content on its way to a model: every secret shape of issue 12 is removed before the
 * text leaves the machine. Secrets are assembled at run time (a key generated, tokens joined
 * from pieces) so that this file holds none our own secret scan would report.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAgentPrompt } from '../../src/providers/prompt-builder.js';
import { redactSecrets } from '../../src/providers/redaction.js';
import type { AgentTemplate } from '../../src/types.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const pemBody = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
/** 40 characters shaped like an AWS secret access key, different on every run. */
const awsSecret = ['wJalr', 'XUtnF', 'EMI7K', '9mDEN', 'Gbx3R', 'fiCYz', 'Q8pLm', 'N2vTq'].join('');
const token = ['Zr8', 'qW2', 'nL5', 'xT9', 'vK3', 'mB7', 'pD1', 'hY6'].join('');
const password = ['hunter', '2', 'Horse', 'Battery'].join('');
const openAiKey = ['sk', 'proj', 'a1B2c3D4e5F6g7H8i9J0kLmN'].join('-');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const template = {
  role: 'Security Auditor',
  defaultInstructions: 'audit',
  resourceRequirements: { maxTokens: 8000 },
} as unknown as AgentTemplate;

async function excerptOf(content: string, line: number, file = 'src/config.ts'): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'empathy-redact-'));
  dirs.push(root);
  writeFileSync(path.join(root, path.basename(file)), content);
  const built = await buildAgentPrompt({
    template,
    toolOutput: {
      findings: [{ file: path.basename(file), line, rule: 'r', severity: 'high', message: 'm' }],
    },
    root,
    services: {},
    exclude: [],
  });
  expect(built.excerpts.included).toBe(1);
  return built.prompt;
}

describe('redaction of what reaches a model', () => {
  it('removes a PEM body whose BEGIN line is outside the excerpt window', async () => {
    const lines = ['export const cert = `', pem, '`;'].join('\n');
    const prompt = await excerptOf(lines, 15); // window 11-19: inside the body, no BEGIN line
    expect(prompt).not.toContain('BEGIN');
    for (const body of pemBody) expect(prompt).not.toContain(body);
    expect(prompt).toContain('[REDACTED:pem-body]');
  });

  it('removes the short last body line before an END marker', async () => {
    const last = pemBody.at(-1)!;
    const { text } = await redactSecrets(`${last}\n-----END PRIVATE KEY-----\n`, 'a.txt');
    expect(text).not.toContain(last);
  });

  it('removes a PEM body escaped into JSON tool output', async () => {
    const json = JSON.stringify({ message: pemBody.slice(3, 8).join('\n') });
    const { text } = await redactSecrets(json, 'tool-facts.json');
    for (const body of pemBody.slice(3, 8)) expect(text).not.toContain(body);
  });

  it.each([
    ['bare', `const pair = { id: 1 };\n${awsSecret}\n`],
    ['quoted, unnamed', `const list = ["${awsSecret}"];`],
    ['as an argument', `configure(region, '${awsSecret}')`],
  ])('removes a bare AWS secret access key (%s)', async (_name, text) => {
    const result = await redactSecrets(text, 'a.ts');
    expect(result.text).not.toContain(awsSecret);
  });

  it.each([
    ['an assignment to an innocent name', `const x = "${token}";`],
    ['a property of an innocent name', `headers: { "X-Thing": '${token}' }`],
    ['python keyword argument', `client = Client(value="${token}")`],
  ])('removes a generic high-entropy token in %s', async (_name, text) => {
    const result = await redactSecrets(text, 'a.ts');
    expect(result.text).not.toContain(token);
  });

  it.each([
    ['a JS array', `const passwords = ["${password}", "${password}2"];`],
    ['a Python list', `API_KEYS = [\n    '${password}',\n    '${password}x',\n]`],
    ['an object literal named like a secret', `const credentials = { user: "admin", db: "${password}" };`],
    ['an object literal with a password key', `connect({ host: "db", password: "${password}" })`],
    ['a JSON object', `{"secrets": {"db": "${password}"}}`],
    ['an array of provider keys', `const keys = ["${openAiKey}", "${openAiKey}"]`],
  ])('removes secrets inside %s', async (_name, text) => {
    const result = await redactSecrets(text, 'a.ts');
    expect(result.text).not.toContain(password);
    expect(result.text).not.toContain(openAiKey);
    expect(result.removed.length).toBeGreaterThan(0);
  });

  it('keeps ordinary code, paths, versions and hashes of words readable', async () => {
    const code = [
      "import { readFile } from 'node:fs/promises';",
      "const file = 'test/fixtures/py-types/pkg2/module3.py';",
      "const versions = ['9.39.5', '1.1.414'];",
      'const passwordHash = hashPassword(password);',
      "const messages = ['Unexpected token', 'Missing semicolon'];",
      "const commit = 'e604ac2';",
      "const name = 'createAnalysisServicesForTheRun';",
      'const root = "/tmp/empathy-symlink-xM2dBQ/repo";',
      '{"secret_scan":{"source":"git","not_scanned":[{"file":"config/keys.txt"}]}}',
    ].join('\n');
    const result = await redactSecrets(code, 'a.ts');
    expect(result.text).toBe(code);
  });
});
