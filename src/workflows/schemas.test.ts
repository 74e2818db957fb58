import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseConfig } from './config/config-file.js';
import { formatSchema } from './schemas-format.js';
import { JSON_SCHEMAS, SCHEMA_BASE_URL } from './schemas.js';
import { releaseReportSchema } from './release-prep/report-schema.js';
import { agentResult, gate, makeReport } from './report/fixture-reports.test-helper.js';

const SCHEMAS_DIR = path.resolve(import.meta.dirname, '../../schemas');

describe('shipped JSON Schemas', () => {
  it.each(Object.keys(JSON_SCHEMAS))(
    'schemas/%s is what the zod type generates (run: npm run schemas)',
    async (name) => {
      const committed = readFileSync(path.join(SCHEMAS_DIR, name), 'utf8');
      expect(committed).toBe(await formatSchema(JSON_SCHEMAS[name]!()));
    },
  );

  it('every file in schemas/ is generated, and each has an $id editors can fetch', () => {
    expect(readdirSync(SCHEMAS_DIR).sort()).toEqual(Object.keys(JSON_SCHEMAS).sort());
    for (const [name, make] of Object.entries(JSON_SCHEMAS))
      expect(make()['$id']).toBe(`${SCHEMA_BASE_URL}${name}`);
  });

  it('the config schema accepts what the config parser accepts and rejects what it rejects', () => {
    const validate = new Ajv2020({ strict: true, allErrors: true, formats: { uri: true } }).compile(
      JSON_SCHEMAS['config.schema.json']!(),
    );
    const repoConfig = JSON.parse(readFileSync(path.resolve(SCHEMAS_DIR, '../empathy.config.json'), 'utf8'));
    const cases: unknown[] = [
      repoConfig,
      {
        $schema: './schemas/config.schema.json',
        qualityGates: { min_coverage: 85 },
        tiers: { code_reviewer: 'PREMIUM' },
      },
      {
        provider: { name: 'openai', baseURL: 'http://127.0.0.1:1/v1', models: { CHEAP: 'm' } },
        env: { keep: ['X'] },
      },
      { bogus: 1 },
      { tiers: { a: 'HUGE' } },
      { timeoutSeconds: 0 },
      { agents: [] },
      { provider: { name: 'openai', extra: true } },
    ];
    for (const value of cases) {
      let parsed = true;
      try {
        parseConfig(value, 'test');
      } catch {
        parsed = false;
      }
      expect(validate(value), JSON.stringify(value)).toBe(parsed);
    }
    expect(validate(repoConfig)).toBe(true);
    expect(validate({ bogus: 1 })).toBe(false);
  });
});

describe('the release report zod type', () => {
  it('parses the wire form of a report and refuses a broken invariant with its message', () => {
    const report = makeReport({
      approved: false,
      qualityGates: [gate({ name: 'Security', actual: null, passed: false, message: 'not measured' })],
      blockers: ['Security: not measured'],
      agentResults: [agentResult({ agentId: 'security_auditor' })],
    });
    const json = JSON.parse(JSON.stringify(report.toJSON())) as Record<string, unknown>;
    expect(releaseReportSchema.safeParse(json).success).toBe(true);
    const approvedWithBlockers = releaseReportSchema.safeParse({ ...json, approved: true });
    expect(approvedWithBlockers.error?.issues[0]?.message).toBe(
      'an approved report has no blockers; a blocked one names at least one',
    );
    const gates = json['quality_gates'] as Array<Record<string, unknown>>;
    const passedUnmeasured = { ...json, quality_gates: [{ ...gates[0], passed: true }] };
    expect(releaseReportSchema.safeParse(passedUnmeasured).error?.issues[0]?.message).toBe(
      'a gate that was not measured cannot pass',
    );
  });
});
