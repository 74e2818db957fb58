import { describe, expect, it } from 'vitest';
import { colorEnabled, liveDisplayAllowed } from './color.js';

describe('colour decision', () => {
  it.each([
    // flags, env, isTTY, expected
    [{}, {}, true, true],
    [{}, {}, false, false],
    [{ 'no-color': true }, { FORCE_COLOR: '1' }, true, false],
    [{ color: true }, { NO_COLOR: '1', TERM: 'dumb' }, false, true],
    [{ color: true, 'no-color': true }, {}, true, false],
    [{}, { NO_COLOR: '1' }, true, false],
    [{}, { NO_COLOR: '' }, true, true], // an empty NO_COLOR does not count (no-color.org)
    [{}, { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    [{}, { FORCE_COLOR: '1' }, false, true],
    [{}, { FORCE_COLOR: '' }, false, true],
    [{}, { FORCE_COLOR: '0' }, true, false],
    [{}, { FORCE_COLOR: 'false' }, true, false],
    [{}, { FORCE_COLOR: '2', TERM: 'dumb' }, false, true],
    [{}, { TERM: 'dumb' }, true, false],
    [{}, { TERM: 'xterm-256color' }, true, true],
  ])('flags %j env %j tty %s -> %s', (flags, env, tty, expected) => {
    expect(colorEnabled(flags, env, tty)).toBe(expected);
  });

  it('a live display needs a terminal that is not dumb', () => {
    expect(liveDisplayAllowed({}, true)).toBe(true);
    expect(liveDisplayAllowed({ TERM: 'dumb' }, true)).toBe(false);
    expect(liveDisplayAllowed({}, false)).toBe(false);
  });
});
