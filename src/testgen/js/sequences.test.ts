import { afterAll, describe, expect, it } from 'vitest';
import { generateForIndex, nodeTestProject, removeTempDirs, runWithNodeTest } from './generate.test-helper.js';

afterAll(removeTempDirs);

const LIB = `'use strict';
/** A registry of named handlers: firing a name reaches the handler only after that name was registered. */
class Registry {
  constructor() { this.handlers = new Map(); }
  register(name, handler) {
    if (typeof name !== 'string' || typeof handler !== 'function') throw new TypeError('a name and a function');
    this.handlers.set(name, handler);
    return this.handlers.size;
  }
  fire(name) {
    const handler = this.handlers.get(name);
    if (!handler) return 'nothing registered';
    return 'fired ' + name;
  }
}
module.exports = { Registry };
`;

describe('method sequences', () => {
  it('reach state through the same key: a name registered by one call is fired by a later one, and the emitted file passes', async () => {
    const root = await nodeTestProject(LIB);
    const text = await generateForIndex(root);
    expect(text).toContain('nothing registered');
    const fired = /obj\.register\(("[^"]*"), [^\n]*\n[^\n]*obj\.fire\(\1\), "fired /.exec(text);
    expect(fired).not.toBeNull();
    const run = await runWithNodeTest(root, text);
    expect(run.output).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  }, 120_000);

  it('a module that is a function reading this throws in the harness as in the emitted mod(...) (this is undefined, not null)', async () => {
    const root = await nodeTestProject(`'use strict';
module.exports = function configure(options) { this.options = options; return this; };
`);
    const text = await generateForIndex(root);
    expect(text).toContain('Cannot set properties of undefined');
    expect(text).not.toContain('Cannot set properties of null');
    const run = await runWithNodeTest(root, text);
    expect(run.output).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  }, 120_000);
});
