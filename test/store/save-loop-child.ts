/**
 * Child process of the crash test: prints `ready <id>`, waits for a line on stdin, then records
 * outcomes on one composition forever (each a locked read-modify-write ending in an atomic write of a ~200 kB file), until
 * it is killed.
 *
 * Usage: node --import tsx test/store/save-loop-child.ts <storageDir>
 *
 * @module
 */
import { AgentConfiguration } from '../../src/orchestration/learning/agent-configuration.js';
import { ConfigurationStore } from '../../src/orchestration/learning/config-store.js';
import { concurrencyTeam } from './teams.js';

const [storageDir] = process.argv.slice(2);
const store = new ConfigurationStore({ storageDir });
// Big tags make each write long enough for a kill to land in the middle of it.
const tags = Array.from({ length: 4000 }, (_, i) => `tag-${i}-${'x'.repeat(40)}`);
const config = new AgentConfiguration(concurrencyTeam(tags));
process.stdout.write(`ready ${config.id}\n`);
await new Promise((resolve) => process.stdin.once('data', resolve));
for (let i = 0; ; i++) await store.recordOutcome(config, i % 3 !== 0, 50 + (i % 50));
