import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { AgentRunner } from '../orchestration/agents/agent-runner.js';
import { getTemplate } from '../orchestration/agents/agent-templates.js';
import { cachedComplexity, codeFiles } from '../analysis/shared/complexity-cache.js';
import { measureFiles } from '../analysis/shared/complexity.js';
import { isPlanned, lintFor } from '../analysis/shared/eslint-plan.js';
import { qualityEslintConsumer } from '../analysis/quality/lint-runner.js';
import { securityEslintConsumer } from '../analysis/security/eslint-lint.js';
import { ANALYZERS } from '../analysis/registry.js';
import { cleanupCopies, copyFixtures } from '../analysis/coverage/fixture-copy.test-helper.js';
import { createAnalysisRegistry, createAnalysisServices } from './analysis-means.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures');

afterAll(cleanupCopies);

describe('analysis means', () => {
  it('registers a means for every analysis tool a built-in template lists', () => {
    const registry = createAnalysisRegistry();
    const tools = [
      'security_auditor',
      'test_coverage_analyzer',
      'code_reviewer',
      'documentation_writer',
      'architecture_analyst',
      'refactoring_specialist',
      'performance_optimizer',
    ].flatMap((id) => getTemplate(id).tools);
    expect(registry.missing(tools)).toEqual([]);
    expect([...ANALYZERS.keys()].sort()).toEqual([...new Set(tools)].sort());
    expect(registry.has('test_generation')).toBe(false);
  });

  it('runs an agent on the shared index and returns the analysis report as its output', async () => {
    const root = path.join(fixtures, 'import-cycle');
    const runner = new AgentRunner({
      registry: createAnalysisRegistry(),
      services: createAnalysisServices(root, { cache: false }),
    });
    const result = await runner.run(getTemplate('architecture_analyst'), { path: root });
    expect(result.success).toBe(true);
    expect(result.output['analyzer']).toBe('architecture');
    expect((result.output['figures'] as { circular_dependencies: number }).circular_dependencies).toBe(2);
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('fails the agent, with the reasons and the report, when its gate figure is not measured', async () => {
    const root = path.join(fixtures, 'docs-empty');
    const runner = new AgentRunner({
      registry: createAnalysisRegistry(),
      services: createAnalysisServices(root, { cache: false }),
    });
    const result = await runner.run(getTemplate('documentation_writer'), { path: root });
    expect(result.success).toBe(false);
    expect(result.error).toMatch(/^doc_coverage not measured: /);
    expect((result.output['figures'] as { doc_coverage: number | null }).doc_coverage).toBeNull();
    expect(result.confidence).toBe(0);
  });

  it('hands the coverage agent\'s test progress to the run\'s hook, with the agent\'s id and the part', async () => {
    const root = await copyFixtures(['js-lib']);
    const seen: [string, string, number | null][] = [];
    const runner = new AgentRunner({
      registry: createAnalysisRegistry(),
      services: createAnalysisServices(root, { cache: false }, { onTestProgress: (agentId, p, part) => seen.push([agentId, part, p.testsDone]) }),
    });
    const result = await runner.run(getTemplate('test_coverage_analyzer'), { path: root });
    expect(result.success).toBe(true);
    expect(seen.at(-1)).toEqual(['test_coverage_analyzer', 'JS/TS', 2]); // js-lib has 2 node:test tests
  });

  it('fails clearly without the analysis services', async () => {
    const runner = new AgentRunner({ registry: createAnalysisRegistry() });
    const result = await runner.run(getTemplate('architecture_analyst'), { path: fixtures });
    expect(result.success).toBe(false);
    expect(result.error).toContain('needs the analysis services of a run');
  });

  it('plans one ESLint pass for the security and quality agents of a team, before the index is built', async () => {
    const root = path.join(fixtures, 'insecure-app');
    const services = createAnalysisServices(root, { cache: false });
    services.planTeam([
      getTemplate('security_auditor'),
      getTemplate('code_reviewer'),
      getTemplate('documentation_writer'),
    ]);
    const index = await services.projectIndex();
    const share = await lintFor(index, qualityEslintConsumer('CAPABLE'));
    expect(share.consumers).toEqual(['security:PREMIUM', 'quality:CAPABLE', 'complexity']);
    // complexity comes from that pass, and equals the TypeScript measurement
    expect(isPlanned(index, 'complexity')).toBe(true);
    const files = codeFiles(index);
    const { value: fromPass } = await cachedComplexity(index, files);
    expect(fromPass).toEqual(
      await measureFiles(
        files.map((f) => ({ path: f.path, absolutePath: f.absolutePath, language: f.language })),
      ),
    );
    expect(fromPass.flatMap((f) => f.functions).length).toBeGreaterThan(0);
    // an agent at another tier than planned gets a pass of its own
    expect((await lintFor(index, securityEslintConsumer('CAPABLE'))).consumers).toEqual(['security:CAPABLE']);
    expect(() => services.planTeam([])).toThrow('before the first agent runs');
  });

  it('plans no shared pass for a team with one ESLint consumer (refactoring alone measures complexity with TypeScript)', async () => {
    const services = createAnalysisServices(path.join(fixtures, 'quality-complexity'), { cache: false });
    services.planTeam([getTemplate('refactoring_specialist')]);
    expect(isPlanned(await services.projectIndex(), 'complexity')).toBe(false);
  });
});
