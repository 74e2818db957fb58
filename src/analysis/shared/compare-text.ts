/**
 * The text comparison of the analysers' sorts (findings, lint messages, functions by name).
 *
 * @module
 */

/**
 * Compares two strings as `a.localeCompare(b)` does (no locale, no options): it is the comparison
 * of the same default collator (ECMA-402 builds `new Intl.Collator()` on every `localeCompare`
 * call), made once, so a sort of thousands of findings does not build a collator per comparison
 * (click's 1,400 security findings: sorted in about 0.5 ms instead of 8-10 ms).
 *
 * @example
 * ['b.py', 'a.py'].sort(compareText); // ['a.py', 'b.py']
 */
export const compareText: (a: string, b: string) => number = new Intl.Collator().compare;
