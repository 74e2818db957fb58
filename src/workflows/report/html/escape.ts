/**
 * HTML escaping for text and attribute values (`&`, `<`, `>`, `"`, `'`).
 *
 * @module
 */

/** Escapes `text` for HTML text and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
