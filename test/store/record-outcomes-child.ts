/**
 * Child process of the concurrency test: records N outcomes on one composition through
 * `ConfigurationStore.recordOutcome`, as fast as it can.
 *
 * Usage: node --import tsx test/store/record-outcomes-child.ts <storageDir> <worker> <count>
 *
 * @module
 */
import { AgentConfiguration } from '../../src/orchestration/learning/agent-configuration.js';
import { ConfigurationStore } from '../../src/orchestration/learning/config-store.js';
import { concurrencyTeam } from './teams.js';

const [storageDir, workerText, countText] = process.argv.slice(2);
const worker = Number(workerText);
const count = Number(countText);
// A lock wait as long as the test's own timeout: on a loaded machine 8 writers can queue for long.
const store = new ConfigurationStore({ storageDir, lock: { timeoutMs: 600_000 } });
const config = new AgentConfiguration(concurrencyTeam());
for (let i = 0; i < count; i++) {
  // Worker w's outcome i: success unless (w + i) % 4 === 0; quality is w*10 + i % 10.
  await store.recordOutcome(config, (worker + i) % 4 !== 0, worker * 10 + (i % 10));
}
process.stdout.write(`done ${worker} ${config.id}\n`);
