/**
 * The part of the secret scan outside the project index (secret-files.ts says which files):
 * each file is read in overlapping windows (secret-stream.ts), binaries found by a NUL-byte
 * sniff are listed, and what could not be read is reported as not measured, which makes the
 * verdict's confidence MEDIUM. This part never goes through the result cache: its files are
 * not in the index, so their hashes are not in any cache key.
 *
 * Severity: a secret in a file the index leaves out by default (build output, vendored code,
 * minified bundles, large files, gitignored but tracked) is critical like any other. A secret
 * in a file that the user's own include/exclude globs leave out is reported as **high** (not
 * counted in `critical_issues`) with a warning naming the files: the user chose not to analyse
 * those paths (test fixtures with planted secrets, typically), but a leaked secret is still
 * shown, with where it came from.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { errorMessage } from '../../errors.js';
import type { ProjectIndex } from '../../project/types.js';
import type { Finding } from '../types.js';
import { emptyOutcome, type ScanOutcome } from './scans.js';
import { planSecretFiles } from './secret-files.js';
import { scanFileForSecrets } from './secret-stream.js';
import { classifyCredentials } from './credentials.js';
import { createSecretEngine, secretRuleId, type SecretEngine } from './secrets.js';
import { SECRET_SEVERITY } from './severity-table.js';
import { NO_SECRET_SCAN } from './figures.js';
import type { SecretScanCoverage } from './types.js';

/** The text of a file with secrets, to classify them (empty above 16 MiB: classified as critical). */
async function readForClassification(file: string): Promise<string> {
  try {
    return (await stat(file)).size <= 16 * 1024 * 1024 ? await readFile(file, 'utf8') : '';
  } catch {
    return '';
  }
}

/** Most paths kept in each list of the figures (the counts are exact). */
const MAX_LISTED = 200;

const list = (files: string[]) => files.slice(0, MAX_LISTED);

/** What {@link scanSecretsOutsideIndex} returns. */
export interface OutsideIndexScan {
  outcome: ScanOutcome;
  coverage: SecretScanCoverage;
}

/**
 * Scans the files outside the index for secrets and describes the coverage of the whole scan
 * (`indexedFilesScanned` of the index's own pass are added to the counts).
 *
 * @example
 * const { outcome, coverage } = await scanSecretsOutsideIndex(index, 12);
 * coverage.not_scanned; // files that could not be read, with the reason
 */
export async function scanSecretsOutsideIndex(
  index: ProjectIndex,
  indexedFilesScanned: number,
  signal?: AbortSignal,
): Promise<OutsideIndexScan> {
  const outcome = emptyOutcome();
  const coverage: SecretScanCoverage = { ...NO_SECRET_SCAN, binary_files: [], not_scanned: [], symlinks_not_followed: [], files_scanned: indexedFilesScanned };
  let plan;
  try {
    plan = await planSecretFiles(index, signal);
  } catch (error) {
    signal?.throwIfAborted();
    outcome.notMeasured.push({
      what: 'secrets in files outside the analysed set',
      reason: `the files git tracks could not be listed: ${errorMessage(error)}`,
    });
    return { outcome, coverage };
  }
  coverage.source = plan.source;
  coverage.symlinks_not_followed = list(plan.symlinks);
  const notScanned = [...plan.unreadable];
  const binary: string[] = [];
  const excludedHits = new Set<string>();
  // Made at the first text file: a run whose only files outside the index are binary never loads secretlint.
  let engine: Promise<SecretEngine> | null = null;
  const engineOnce = () => (engine ??= createSecretEngine(index.root));
  for (const file of plan.extra) {
    signal?.throwIfAborted();
    try {
      const scan = await scanFileForSecrets(engineOnce, file.absolutePath, signal);
      if (scan.binary) {
        binary.push(file.path);
        continue;
      }
      coverage.files_scanned++;
      coverage.files_outside_index++;
      const found: Finding[] = [];
      for (const secret of scan.secrets) {
        const finding: Finding = {
          file: file.path,
          line: secret.line,
          column: secret.column + 1,
          rule: secretRuleId(secret.message.ruleId),
          severity: file.userExcluded ? 'high' : SECRET_SEVERITY,
          message: `${secret.message.message} (${file.why}; scanned for secrets only)`,
          tool: 'secretlint',
        };
        found.push(finding);
      }
      const classified =
        found.length > 0 ? classifyCredentials(found, await readForClassification(file.absolutePath)) : [];
      outcome.findings.push(...classified);
      if (file.userExcluded && classified.length > 0) excludedHits.add(file.path);
    } catch (error) {
      signal?.throwIfAborted();
      notScanned.push({ file: file.path, reason: errorMessage(error) });
    }
  }
  if (plan.extra.length > 0) outcome.toolsRan.push('secretlint');
  coverage.binary_files = list(binary);
  coverage.binary_files_total = binary.length;
  coverage.not_scanned = notScanned.slice(0, MAX_LISTED);
  coverage.findings_in_excluded_files = outcome.findings.filter((f) => excludedHits.has(f.file)).length;
  if (notScanned.length > 0) {
    const shown = notScanned.slice(0, 10).map((n) => `${n.file} (${n.reason})`);
    outcome.notMeasured.push({
      what: `secrets in ${notScanned.length} file(s) that could not be read`,
      reason:
        shown.join('; ') +
        (notScanned.length > shown.length ? ` and ${notScanned.length - shown.length} more` : ''),
      fix: 'make the files readable by the user running the scan (or remove them from the repository)',
    });
  }
  if (excludedHits.size > 0) {
    const files = [...excludedHits];
    outcome.warnings.push(
      `${coverage.findings_in_excluded_files} secret(s) found in ${files.length} file(s) your include/exclude settings leave out ` +
        `(${files.slice(0, 5).join(', ')}${files.length > 5 ? ', ...' : ''}): reported as high, not counted as critical`,
    );
  }
  return { outcome, coverage };
}
