// The search state and its URL form. The page URL holds the whole search
// (query, filters, sort, page) with the same parameter names as
// /api/search, so a shared or reloaded link shows the same thing and the
// API URL is the page URL plus presentation options.

// LIST_FIELDS are the repeatable facet filters, ORed within a field.
export const LIST_FIELDS = ["company", "agency", "lang", "source"];

// SCALAR_FIELDS are single-valued; empty means unset.
export const SCALAR_FIELDS = ["amount_min", "amount_max", "from", "to"];

export const SORTS = ["relevance", "date", "amount"];

// emptyState is the search that shows everything, newest first.
export function emptyState() {
  return {
    q: "",
    company: [],
    agency: [],
    lang: [],
    source: [],
    amount_min: "",
    amount_max: "",
    from: "",
    to: "",
    sort: "relevance",
    page: 1,
    // xlang: also search the words' translations (xlang=0 turns it off).
    xlang: true,
    // collapse: one card per story, its other reports listed under it
    // (collapse=none lists every article).
    collapse: true,
  };
}

// parseState reads a state from a query string ("?q=…&company=…").
// Unknown parameters are ignored and bad values fall back to defaults, so
// an edited URL still shows a page.
export function parseState(search) {
  const p = new URLSearchParams(search);
  const st = emptyState();
  st.q = p.get("q") || "";
  for (const f of LIST_FIELDS) {
    st[f] = unique(p.getAll(f).map((v) => v.trim()).filter(Boolean));
  }
  for (const f of SCALAR_FIELDS) {
    st[f] = (p.get(f) || "").trim();
  }
  const sort = p.get("sort");
  st.sort = SORTS.includes(sort) ? sort : "relevance";
  const page = parseInt(p.get("page") || "1", 10);
  st.page = Number.isFinite(page) && page >= 1 ? page : 1;
  st.xlang = !["0", "false"].includes((p.get("xlang") || "").trim().toLowerCase());
  st.collapse = (p.get("collapse") || "").trim().toLowerCase() !== "none";
  return st;
}

function unique(list) {
  return [...new Set(list)];
}

// toParams is the inverse of parseState, leaving out defaults so URLs stay
// short. The query is trimmed: trailing spaces while typing are not a
// different search.
export function toParams(st) {
  const p = new URLSearchParams();
  const q = st.q.trim();
  if (q) {
    p.set("q", q);
  }
  for (const f of LIST_FIELDS) {
    for (const v of st[f]) {
      p.append(f, v);
    }
  }
  for (const f of SCALAR_FIELDS) {
    if (st[f]) {
      p.set(f, st[f]);
    }
  }
  if (st.sort !== "relevance") {
    p.set("sort", st.sort);
  }
  if (st.page > 1) {
    p.set("page", String(st.page));
  }
  if (st.xlang === false) {
    p.set("xlang", "0");
  }
  if (st.collapse === false) {
    p.set("collapse", "none");
  }
  return p;
}

// toSearch is the page URL's query string ("" or "?…").
export function toSearch(st) {
  const s = toParams(st).toString();
  return s ? `?${s}` : "";
}

// apiURL is the /api/search URL for a state; facetSize asks for longer
// facet lists when the user expanded one.
export function apiURL(st, facetSize) {
  const p = toParams(st);
  // The page collapses by story unless told not to; the API's default is
  // every article.
  if (st.collapse !== false) {
    p.set("collapse", "story");
  }
  if (facetSize) {
    p.set("facet_size", String(facetSize));
  }
  return `/api/search?${p}`;
}

// atomURL is the search as an Atom feed: the same filters, newest first,
// without paging.
export function atomURL(st) {
  const p = toParams({ ...st, page: 1, sort: "relevance" });
  const s = p.toString();
  return s ? `/search.atom?${s}` : "/search.atom";
}

// filterCount is how many filters are set (not the query, sort or page).
export function filterCount(st) {
  let n = LIST_FIELDS.reduce((sum, f) => sum + st[f].length, 0);
  if (st.amount_min || st.amount_max) {
    n++;
  }
  if (st.from || st.to) {
    n++;
  }
  return n;
}

// withToggle returns a copy of st with value added to (on) or removed
// from (off) a list field, back on page 1.
export function withToggle(st, field, value, on) {
  const next = clone(st);
  const has = next[field].some((v) => v.toLowerCase() === value.toLowerCase());
  if (on && !has) {
    next[field] = [...next[field], value];
  } else if (!on) {
    next[field] = next[field].filter((v) => v.toLowerCase() !== value.toLowerCase());
  }
  next.page = 1;
  return next;
}

// withFields returns a copy of st with some fields set, back on page 1
// unless the change is the page itself.
export function withFields(st, fields) {
  const next = { ...clone(st), page: 1, ...fields };
  return next;
}

// hasValue reports whether a list filter holds value (case-insensitively,
// as the API matches it).
export function hasValue(st, field, value) {
  return st[field].some((v) => v.toLowerCase() === String(value).toLowerCase());
}

// alertBody is the JSON of POST /api/alerts for a state: the query and the
// filters that make sense for new articles. The period is left out: an
// alert is about what arrives from now on. An undefined email is left out
// (the back-test of /api/alerts/preview needs none). webhook, when given as
// {url, format}, delivers the matches there instead of by e-mail; the
// e-mail address is still needed for the confirmation link.
export function alertBody(st, email, frequency, webhook) {
  const body = { email, frequency, q: st.q.trim() };
  for (const f of LIST_FIELDS) {
    if (st[f].length) {
      body[f] = [...st[f]];
    }
  }
  for (const f of ["amount_min", "amount_max"]) {
    const n = parseAmount(st[f]);
    if (n > 0) {
      body[f] = n;
    }
  }
  if (webhook) {
    body.channel = "webhook";
    body.webhook_url = webhook.url;
    body.webhook_format = webhook.format;
  }
  return body;
}

// parseAmount reads an amount parameter as the API does: a number in USD,
// with an optional "$" and k/M/B/T suffix ("100M", "1.5B"). It returns 0
// for an empty or unreadable value.
export function parseAmount(text) {
  const m = /^\$?([0-9]+(?:\.[0-9]+)?(?:e[0-9]+)?)([kmbt]?)$/i.exec(String(text || "").replace(/_/g, "").trim());
  if (!m) {
    return 0;
  }
  const mult = { "": 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[m[2].toLowerCase()];
  return Number(m[1]) * mult;
}

// compactAmount writes an amount parameter the short way people type it
// ("100000000" -> "100M"), in a form parseAmount and the API read back to
// the same number; anything else is returned unchanged.
export function compactAmount(text) {
  const n = parseAmount(text);
  if (!(n > 0)) {
    return String(text ?? "");
  }
  for (const [scale, unit] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]]) {
    if (n >= scale) {
      const x = Number((n / scale).toFixed(3));
      return x * scale === n ? `${x}${unit}` : String(n);
    }
  }
  return String(n);
}

export function clone(st) {
  const c = { ...st };
  for (const f of LIST_FIELDS) {
    c[f] = [...st[f]];
  }
  return c;
}
