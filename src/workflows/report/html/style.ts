/**
 * The HTML report's inline style sheet (no external font or image).
 *
 * @module
 */

/** CSS of the HTML report. */
export const HTML_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fff}
header,main{max-width:1100px;margin:0 auto;padding:0 16px}
h1.approved{color:#116329}h1.blocked{color:#a40e26}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa}
tr.fail td,tr.not_measured td{background:#fff5f5}tr.warning td{background:#fffbe6}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.source{color:#57606a;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;border:1px solid #d0d7de;padding:6px}
figcaption{font-weight:600;text-align:center}
svg.chart .line{fill:none;stroke:#0969da;stroke-width:2}
svg.chart .point{fill:#0969da}
svg.chart .grid{stroke:#eaeef2}
svg.chart .tick{font-size:10px;fill:#57606a}
pre.excerpt{background:#f6f8fa;padding:6px;overflow-x:auto;margin:4px 0}
pre.excerpt .hit{background:#ffebe9;display:inline-block;width:100%}
pre.excerpt .ln{display:inline-block;width:4em;color:#8c959f;user-select:none}
pre.summary{white-space:pre-wrap;font-family:inherit}
.finding .sev{font-weight:700;text-transform:uppercase;font-size:11px}
.finding.critical .sev{color:#a40e26}.finding.high .sev{color:#bc4c00}
.bar{display:inline-block;width:80px;height:8px;background:#ffebe9;vertical-align:middle}
.bar span{display:block;height:8px;background:#2da44e}
.missing{font-size:12px;color:#57606a}
`;
