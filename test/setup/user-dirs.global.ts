/**
 * Vitest global setup: the tests never touch the real home directory. The user's cache, data
 * and config directories of empathy (result cache, learning store, user config) are pointed
 * at a scratch directory created for this test run and removed after it; forked test workers
 * and the CLI processes they start inherit these variables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates the scratch home and returns the teardown that removes it. */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-test-userdirs-'));
  // EMPATHY_* win over the XDG variables, which stay as they are for the other tools tests run.
  process.env['EMPATHY_CACHE_DIR'] = path.join(dir, 'cache', 'empathy');
  process.env['EMPATHY_DATA_DIR'] = path.join(dir, 'data', 'empathy');
  // The developer's user config (~/.config/empathy/config.json) never steers a test. Not
  // XDG_CONFIG_HOME: git and other tools the tests run read their own settings there.
  process.env['EMPATHY_CONFIG_DIR'] = path.join(dir, 'config', 'empathy');
  delete process.env['EMPATHY_HISTORY_DIR']; // the run history stays under the scratch data directory
  return () => rmSync(dir, { recursive: true, force: true });
}
