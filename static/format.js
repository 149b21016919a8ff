// Formatting of what the API returns: highlighted text, links, amounts,
// dates and numbers, in the interface language. Pure functions apart from
// marked(), which builds DOM nodes.

import { h } from "./dom.js";

const NAMED_ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

// decodeEntities undoes the server's HTML escaping (&amp; &lt; &gt; &quot;
// &#39; &#34; and any other numeric reference). The result is only ever
// inserted as text, so decoding cannot create markup.
export function decodeEntities(text) {
  return String(text).replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (whole, ent) => {
    if (ent[0] !== "#") {
      return NAMED_ENTITIES[ent.toLowerCase()] ?? whole;
    }
    const hex = ent[1] === "x" || ent[1] === "X";
    const cp = parseInt(ent.slice(hex ? 2 : 1), hex ? 16 : 10);
    const valid = cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
    return valid ? String.fromCodePoint(cp) : whole;
  });
}

// marked turns a server snippet (escaped text with matches in <mark>) into
// nodes: exactly "<mark>" and "</mark>" become <mark> elements, everything
// else is decoded and kept as text. Any other tag, which the server never
// sends, would show as literal text.
export function marked(html) {
  const nodes = [];
  let inMark = false;
  for (const part of String(html ?? "").split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      inMark = part === "<mark>";
      continue;
    }
    if (part === "") {
      continue;
    }
    const text = decodeEntities(part);
    nodes.push(inMark ? h("mark", {}, text) : document.createTextNode(text));
  }
  return nodes;
}

// safeHref returns an absolute http(s) URL, or null for anything else
// (script and data URLs, relative or malformed links from a feed).
export function safeHref(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

// formatNumber groups digits the local way (12,345 / 12 345).
export function formatNumber(n, lang, opts = {}) {
  return new Intl.NumberFormat(lang, opts).format(n);
}

// formatAmount writes a USD amount the way the press does: "$200M",
// "$1.5B", "$480,000" in English; "200 M$", "1,5 Md$", "480 000 $" in
// French.
export function formatAmount(usd, lang) {
  const n = Number(usd);
  if (!Number.isFinite(n) || n < 0) {
    return "";
  }
  const fr = lang === "fr";
  const units = fr
    ? [[1e9, "Md$"], [1e6, "M$"]]
    : [[1e12, "T"], [1e9, "B"], [1e6, "M"]];
  for (const [scale, unit] of units) {
    if (n >= scale) {
      const num = formatNumber(n / scale, lang, { maximumSignificantDigits: 3 });
      return fr ? `${num}\u00a0${unit}` : `$${num}${unit}`;
    }
  }
  const num = formatNumber(n, lang, { maximumFractionDigits: 0 });
  return fr ? `${num}\u00a0$` : `$${num}`;
}

// ymd helpers work on "YYYY-MM-DD" strings in UTC, the calendar the API's
// month buckets use.
export function parseYMD(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(s || ""));
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
}

export function toYMD(d) {
  return d.toISOString().slice(0, 10);
}

// addDays shifts a YYYY-MM-DD date.
export function addDays(ymd, days) {
  const d = parseYMD(ymd);
  if (!d) {
    return "";
  }
  d.setUTCDate(d.getUTCDate() + days);
  return toYMD(d);
}

function dateFormat(lang, opts) {
  return new Intl.DateTimeFormat(lang, { timeZone: "UTC", ...opts });
}

// formatDate shows a publication time as a date: "Jun 17, 2025" /
// "17 juin 2025".
export function formatDate(iso, lang) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) {
    return "";
  }
  return dateFormat(lang, { day: "numeric", month: "short", year: "numeric" }).format(d);
}

// formatDay is a day without its year: "Jun 17" / "17 juin" (chart axes).
export function formatDay(iso, lang) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) {
    return "";
  }
  return dateFormat(lang, { day: "numeric", month: "short" }).format(d);
}

// formatDateTime adds the time, in the reader's own time zone (for feed
// health, where minutes matter).
export function formatDateTime(iso, lang) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) {
    return "";
  }
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

// formatBucket names a timeline bar from its label: "2025-06" -> "Jun
// 2025" (or "juin 2025"), "2025" stays "2025". long gives "June 2025".
export function formatBucket(label, lang, long = false) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(label));
  if (!m) {
    return String(label);
  }
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  return dateFormat(lang, { month: long ? "long" : "short", year: "numeric" }).format(d);
}

// formatMonthShort is the axis label of a month bar: "Jun" / "juin".
export function formatMonthShort(label, lang) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(label));
  if (!m) {
    return String(label);
  }
  return dateFormat(lang, { month: "short" }).format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
}

// formatPeriod describes an inclusive date range from the URL (from and
// to as YYYY-MM-DD, either may be empty): whole months and years are named
// as such ("June 2025", "Jun 2025 – Aug 2025", "2024"), other ranges by
// their days.
export function formatPeriod(from, to, lang, t) {
  const f = parseYMD(from);
  const l = parseYMD(to);
  if (f && l) {
    const afterLast = parseYMD(addDays(to, 1));
    const wholeMonths = f.getUTCDate() === 1 && afterLast.getUTCDate() === 1;
    if (wholeMonths) {
      const wholeYears = f.getUTCMonth() === 0 && afterLast.getUTCMonth() === 0;
      if (wholeYears) {
        const y1 = f.getUTCFullYear();
        const y2 = l.getUTCFullYear();
        return y1 === y2 ? String(y1) : t("periodRange", { from: y1, to: y2 });
      }
      const m1 = toYMD(f).slice(0, 7);
      const m2 = toYMD(l).slice(0, 7);
      if (m1 === m2) {
        return formatBucket(m1, lang, true);
      }
      return t("periodRange", { from: formatBucket(m1, lang), to: formatBucket(m2, lang) });
    }
    return t("periodRange", { from: formatDate(f, lang), to: formatDate(l, lang) });
  }
  if (f) {
    return t("filterDateFrom", { from: formatDate(f, lang) });
  }
  if (l) {
    return t("filterDateTo", { to: formatDate(l, lang) });
  }
  return "";
}

// formatRelative says how far a time is from now: "5 minutes ago", "in 2
// hours" / "il y a 5 minutes", "dans 2 heures".
export function formatRelative(iso, lang, now = Date.now()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) {
    return "";
  }
  const secs = (d.getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const steps = [
    [60, "second"],
    [3600, "minute", 60],
    [86400, "hour", 3600],
    [86400 * 30, "day", 86400],
    [86400 * 365, "month", 86400 * 30],
    [Infinity, "year", 86400 * 365],
  ];
  for (const [limit, unit, div = 1] of steps) {
    if (Math.abs(secs) < limit) {
      return rtf.format(Math.round(secs / div), unit);
    }
  }
  return "";
}
