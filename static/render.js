// Rendering of a search response into the page: result cards, facet
// lists, the active filters, pagination, and the empty and error states.
// Each function takes a view context:
//
//	{lang, t(key, params), tp(key, n, params), state, actions}
//
// where actions are the user's intents (toggle a filter, set fields, go to
// a state) implemented by the app.

import { h, s } from "./dom.js";
import { formatAmount, formatDate, formatDay, formatNumber, formatPeriod, marked, safeHref } from "./format.js";
import { hasValue, toSearch, withFields, parseAmount } from "./state.js";
import { hasKey } from "./i18n.js";

// COLLAPSED is how many values a facet shows before "More".
export const COLLAPSED = 10;

// EXPANDED is the facet_size asked for once a facet is expanded.
export const EXPANDED = 50;

// ---- result cards ----------------------------------------------------

// hitList renders the hits as an ordered list of cards.
export function hitList(hits, ctx) {
  return hits.map((hit) => hitCard(hit, ctx));
}

function hitCard(hit, ctx) {
  const lang = hit.lang === "fr" || hit.lang === "en" ? hit.lang : null;
  return h(
    "li",
    { class: "hit" },
    h(
      "article",
      { lang, "aria-labelledby": `title-${hit.id}` },
      h("h3", { class: "hit-title", id: `title-${hit.id}` }, hitTitle(hit, ctx)),
      hitMeta(hit, ctx),
      hit.snippet ? h("p", { class: "hit-snippet" }, marked(hit.snippet)) : null,
      entityChips(hit, ctx),
      alsoReported(hit, ctx),
    ),
  );
}

// resultCount is how many results the pages go through: stories when the
// answer is collapsed, else articles.
export function resultCount(resp) {
  return resp.collapse === "story" ? resp.total_stories || 0 : resp.total || 0;
}

// alsoReported lists the other reports of the hit's story: each source
// with its language, linked to its article, the title on hover.
function alsoReported(hit, ctx) {
  const reports = Array.isArray(hit.also_reported) ? hit.also_reported : [];
  if (reports.length === 0) {
    return null;
  }
  const items = reports.map((r) => {
    const label = [String(r.source || r.title || "")];
    if (r.lang) {
      label.push(" ", h("span", { class: "report-lang" }, `(${String(r.lang).toUpperCase()})`));
    }
    const href = safeHref(r.url);
    const lang = r.lang === "fr" || r.lang === "en" ? r.lang : null;
    const body = href
      ? h("a", { href, target: "_blank", rel: "noopener noreferrer", title: r.title || null, hreflang: lang }, label)
      : h("span", { title: r.title || null }, label);
    return h("li", {}, body);
  });
  return h(
    "div",
    { class: "also-reported" },
    h("span", { class: "also-reported-label" }, `${ctx.t("alsoReported")} `),
    h("ul", {}, items),
  );
}

// hitTitle is the title with its highlights, linked to the article when
// the link is a real web address.
function hitTitle(hit, ctx) {
  const text = hit.title_html ? marked(hit.title_html) : [String(hit.title ?? "")];
  const href = safeHref(hit.url);
  if (!href) {
    return h("span", {}, text);
  }
  return h(
    "a",
    { href, target: "_blank", rel: "noopener noreferrer" },
    text,
    h("span", { class: "visually-hidden" }, ` ${ctx.t("opensNewTab")}`),
  );
}

function hitMeta(hit, ctx) {
  const parts = [];
  if (hit.source) {
    parts.push(h("span", { class: "hit-source" }, hit.source));
  }
  const date = formatDate(hit.published, ctx.lang);
  if (date) {
    parts.push(h("time", { datetime: hit.published }, date));
  }
  if (hit.lang) {
    const name = langName(hit.lang, ctx);
    parts.push(h("abbr", { class: "hit-lang", title: ctx.t("langBadge", { lang: name }), "aria-label": ctx.t("langBadge", { lang: name }) }, hit.lang.toUpperCase()));
  }
  if (hit.full_text) {
    const href = safeHref(hit.url);
    const label = ctx.t("fullText");
    const attrs = { class: "hit-fulltext", title: ctx.t("fullTextTitle") };
    parts.push(href ? h("a", { ...attrs, href, target: "_blank", rel: "noopener noreferrer" }, label) : h("span", attrs, label));
  }
  const amount = amountBadge(hit, ctx);
  if (amount) {
    parts.push(amount);
  }
  return h("p", { class: "hit-meta" }, parts);
}

// amountBadge shows the article's largest amount in USD; when it was
// stated in another currency the original words follow, so "≈ $1.6B (1,5
// milliard d'euros)" is never mistaken for a dollar figure.
function amountBadge(hit, ctx) {
  if (!(hit.amount_usd > 0)) {
    return null;
  }
  const amounts = Array.isArray(hit.amounts) ? hit.amounts : [];
  const largest = amounts.reduce((a, b) => (!a || b.usd > a.usd ? b : a), null);
  const foreign = largest && largest.currency && largest.currency !== "USD";
  const value = formatAmount(hit.amount_usd, ctx.lang);
  const list = amounts.map((a) => a.text).filter(Boolean).join(" · ");
  return h(
    "span",
    { class: "hit-amount", title: list ? ctx.t("amountTitle", { list }) : null },
    h("strong", {}, foreign ? `≈ ${value}` : value),
    foreign && largest.text ? h("span", { class: "amount-orig" }, ` (${largest.text})`) : null,
  );
}

function entityChips(hit, ctx) {
  const companies = Array.isArray(hit.companies) ? hit.companies : [];
  const agencies = Array.isArray(hit.agencies) ? hit.agencies : [];
  if (companies.length + agencies.length === 0) {
    return null;
  }
  return h(
    "ul",
    { class: "chips" },
    companies.map((name) => h("li", {}, entityChip("company", name, hit.id, ctx))),
    agencies.map((name) => h("li", {}, entityChip("agency", name, hit.id, ctx))),
  );
}

// entityChip filters by a company or agency; pressed when that filter is
// on, and pressing it again removes it.
function entityChip(field, name, hitID, ctx) {
  const on = hasValue(ctx.state, field, name);
  const key = field === "company" ? (on ? "chipCompanyOff" : "chipCompany") : on ? "chipAgencyOff" : "chipAgency";
  return h(
    "button",
    {
      type: "button",
      class: `chip chip-${field}`,
      "aria-pressed": String(on),
      title: ctx.t(key, { name }),
      dataset: { focusKey: `chip-${field}-${name}-${hitID}`, field, value: name },
      on: { click: () => ctx.actions.toggle(field, name, !on) },
    },
    name,
  );
}

export function langName(code, ctx) {
  return hasKey(`lang_${code}`) ? ctx.t(`lang_${code}`) : String(code).toUpperCase();
}

// ---- facets ----------------------------------------------------------

// termFacet renders one checkbox list (company, agency, lang, source).
// Selected values the server did not return (no match left) are kept, with
// a zero count, so they can still be unticked.
export function termFacet(field, values, ctx, expanded) {
  const list = [...(Array.isArray(values) ? values : [])];
  for (const v of ctx.state[field]) {
    if (!list.some((x) => x.value.toLowerCase() === v.toLowerCase())) {
      list.push({ value: v, count: 0, selected: true });
    }
  }
  const shown = expanded ? list : list.filter((v, i) => i < COLLAPSED || v.selected || hasValue(ctx.state, field, v.value));
  const items = shown.map((v) => {
    const checked = Boolean(v.selected) || hasValue(ctx.state, field, v.value);
    const label = field === "lang" ? langName(v.value, ctx) : v.value;
    return h(
      "li",
      {},
      h(
        "label",
        { class: "facet-item" + (v.count === 0 ? " zero" : "") },
        h("input", {
          type: "checkbox",
          checked,
          dataset: { focusKey: `facet-${field}-${v.value}` },
          on: { change: (e) => ctx.actions.toggle(field, v.value, e.target.checked) },
        }),
        h("span", { class: "facet-name", title: label }, label),
        h("span", { class: "facet-count", "aria-label": ctx.t("countLabel", { n: formatNumber(v.count, ctx.lang) }) }, formatNumber(v.count, ctx.lang)),
      ),
    );
  });
  return { items, canMore: !expanded && list.length >= COLLAPSED, canFewer: expanded && list.length > COLLAPSED, empty: list.length === 0 };
}

// amountFacet renders the amount buckets as checkboxes; the ticked buckets
// become one amount_min..amount_max range.
export function amountFacet(buckets, ctx) {
  const list = Array.isArray(buckets) ? buckets : [];
  return list.map((b, i) =>
    h(
      "li",
      {},
      h(
        "label",
        { class: "facet-item" + (b.count === 0 ? " zero" : "") },
        h("input", {
          type: "checkbox",
          checked: Boolean(b.selected),
          dataset: { focusKey: `amount-${i}` },
          on: { change: (e) => ctx.actions.setFields(amountRange(list, i, e.target.checked)) },
        }),
        h("span", { class: "facet-name" }, bucketLabel(b, ctx)),
        h("span", { class: "facet-count", "aria-label": ctx.t("countLabel", { n: formatNumber(b.count, ctx.lang) }) }, formatNumber(b.count, ctx.lang)),
      ),
    ),
  );
}

// bucketLabel writes a bucket in the interface language ("$10M–$100M",
// "10 M$ – 100 M$").
export function bucketLabel(b, ctx) {
  const lo = formatAmount(b.min, ctx.lang);
  if (b.max === undefined || b.max === null) {
    return `> ${lo}`;
  }
  const hi = formatAmount(b.max, ctx.lang);
  return b.min > 0 ? `${lo} – ${hi}` : `< ${hi}`;
}

// amountRange is the amount filter after ticking (on) or unticking bucket
// i: from the lowest ticked bucket to the highest.
export function amountRange(buckets, i, on) {
  const ticked = buckets.filter((b, j) => (j === i ? on : Boolean(b.selected)));
  if (ticked.length === 0) {
    return { amount_min: "", amount_max: "" };
  }
  const lo = Math.min(...ticked.map((b) => b.min));
  const open = ticked.some((b) => b.max === undefined || b.max === null);
  const hi = open ? 0 : Math.max(...ticked.map((b) => b.max));
  return { amount_min: lo > 0 ? String(lo) : "", amount_max: hi > 0 ? String(hi) : "" };
}

// ---- active filters --------------------------------------------------

// activeFilters lists every filter as a removable chip, plus "Clear all".
export function activeFilters(ctx) {
  const st = ctx.state;
  const chips = [];
  const add = (label, next) =>
    chips.push(
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "filter-chip",
            "aria-label": ctx.t("removeFilter", { filter: label }),
            dataset: { focusKey: `active-${label}` },
            on: { click: () => ctx.actions.go(next) },
          },
          h("span", {}, label),
          h("span", { class: "x", "aria-hidden": "true" }, "×"),
        ),
      ),
    );
  for (const field of ["company", "agency", "lang", "source"]) {
    for (const v of st[field]) {
      const name = field === "lang" ? langName(v, ctx) : v;
      add(ctx.t("filterLabel", { name: ctx.t(`filter_${field}`), value: name }), withFields(st, { [field]: st[field].filter((x) => x !== v) }));
    }
  }
  if (st.amount_min || st.amount_max) {
    add(ctx.t("filterLabel", { name: ctx.t("filter_amount"), value: amountText(st, ctx) }), withFields(st, { amount_min: "", amount_max: "" }));
  }
  if (st.from || st.to) {
    add(ctx.t("filterLabel", { name: ctx.t("timeline"), value: formatPeriod(st.from, st.to, ctx.lang, ctx.t) }), withFields(st, { from: "", to: "" }));
  }
  if (chips.length > 1) {
    const cleared = withFields(st, { company: [], agency: [], lang: [], source: [], amount_min: "", amount_max: "", from: "", to: "" });
    chips.push(h("li", {}, h("button", { type: "button", class: "link-button", dataset: { focusKey: "active-clear" }, on: { click: () => ctx.actions.go(cleared) } }, ctx.t("clearAll"))));
  }
  return chips;
}

function amountText(st, ctx) {
  const lo = parseAmount(st.amount_min);
  const hi = parseAmount(st.amount_max);
  if (lo && hi) {
    return `${formatAmount(lo, ctx.lang)} – ${formatAmount(hi, ctx.lang)}`;
  }
  return lo ? ctx.t("filterAmountMin", { min: formatAmount(lo, ctx.lang) }) : ctx.t("filterAmountMax", { max: formatAmount(hi, ctx.lang) });
}

// ---- pagination ------------------------------------------------------

// MAX_PAGE is the deepest page the API serves.
const MAX_PAGE = 1000;

// pageCount is how many pages a response has.
export function pageCount(total, size) {
  if (!(size > 0)) {
    return 1;
  }
  return Math.max(1, Math.min(MAX_PAGE, Math.ceil(total / size)));
}

// pageWindow is the page numbers to show: the first, the last, and two on
// either side of the current one, with null for gaps.
export function pageWindow(page, pages) {
  const out = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) {
      out.push(p);
    } else if (out[out.length - 1] !== null) {
      out.push(null);
    }
  }
  return out;
}

// pager renders prev / numbers / next as real links (they open in a new
// tab with a modifier key) that the app intercepts for plain clicks.
export function pager(total, size, ctx) {
  const pages = pageCount(total, size);
  const page = ctx.state.page;
  if (pages <= 1 && page <= 1) {
    return [];
  }
  const link = (p, text, attrs = {}) =>
    h(
      "a",
      {
        href: toSearch({ ...ctx.state, page: p }) || "?",
        dataset: { page: String(p), focusKey: `page-${attrs.rel || p}` },
        ...attrs,
        on: { click: (e) => followLink(e, () => ctx.actions.go({ ...ctx.state, page: p }, { scroll: true })) },
      },
      text,
    );
  const items = [];
  items.push(
    page > 1
      ? link(page - 1, ctx.t("prev"), { rel: "prev", class: "page-step", "aria-label": ctx.t("prevLabel") })
      : h("span", { class: "page-step", "aria-disabled": "true" }, ctx.t("prev")),
  );
  for (const p of pageWindow(Math.min(page, pages), pages)) {
    if (p === null) {
      items.push(h("span", { class: "page-gap", "aria-hidden": "true" }, "…"));
    } else if (p === page) {
      items.push(h("a", { href: toSearch(ctx.state) || "?", "aria-current": "page", "aria-label": ctx.t("pageLabel", { page: p }), class: "current", on: { click: (e) => e.preventDefault() } }, formatNumber(p, ctx.lang)));
    } else {
      items.push(link(p, formatNumber(p, ctx.lang), { "aria-label": ctx.t("pageLabel", { page: p }) }));
    }
  }
  items.push(
    page < pages
      ? link(page + 1, ctx.t("next"), { rel: "next", class: "page-step", "aria-label": ctx.t("nextLabel") })
      : h("span", { class: "page-step", "aria-disabled": "true" }, ctx.t("next")),
  );
  return items.map((it) => h("li", {}, it));
}

// followLink runs fn for a plain left click and lets the browser handle
// clicks that open a new tab or window.
export function followLink(e, fn) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
    return;
  }
  e.preventDefault();
  fn();
}

// ---- notices ---------------------------------------------------------

// fuzzyNotice explains that the hits are close matches, with the
// suggestion as a link that searches for it.
export function fuzzyNotice(resp, ctx) {
  const parts = [h("p", {}, ctx.t("fuzzyNote", { q: resp.query || ctx.state.q }))];
  if (resp.suggestion) {
    const next = withFields(ctx.state, { q: resp.suggestion });
    parts.push(
      h(
        "p",
        { class: "suggestion" },
        `${ctx.t("didYouMean")} `,
        h("a", { href: toSearch(next) || "?", class: "suggestion-link", on: { click: (e) => followLink(e, () => ctx.actions.go(next, { setQuery: true })) } }, resp.suggestion),
        questionMark(ctx.lang),
      ),
    );
  }
  return h("div", { class: "notice notice-fuzzy" }, parts);
}

// xlangNotice says what the cross-lingual expansion added to the query,
// with a link that searches only the words as typed; once turned off, it
// offers to turn it back on.
export function xlangNotice(resp, ctx) {
  const st = ctx.state;
  const also = Array.isArray(resp.also_searched) ? resp.also_searched : [];
  if (st.xlang !== false && also.length === 0) {
    return null;
  }
  if (st.xlang === false && !st.q.trim()) {
    return null;
  }
  const next = withFields(st, { xlang: st.xlang === false });
  const go = (e) => followLink(e, () => ctx.actions.go(next));
  const link = h("a", { href: toSearch(next) || "?", class: "xlang-toggle", on: { click: go } }, ctx.t(st.xlang === false ? "xlangOn" : "xlangOff"));
  if (st.xlang === false) {
    return h("p", { class: "notice notice-xlang" }, `${ctx.t("xlangOffNote")} `, link);
  }
  const words = [];
  also.forEach((w, i) => {
    if (i > 0) {
      words.push(ctx.t("listSep"));
    }
    words.push(h("q", { class: "also-term" }, w));
  });
  return h("p", { class: "notice notice-xlang" }, `${ctx.t("alsoSearched")} `, h("span", { class: "also-searched" }, words), " · ", link);
}

// questionMark ends a question: French sets it off with a narrow space.
function questionMark(lang) {
  return lang === "fr" ? "\u202f?" : "?";
}

// emptyResults is shown when nothing matches: what was searched, and the
// filters to remove.
export function emptyResults(resp, ctx) {
  const st = ctx.state;
  const q = st.q.trim();
  const filters = activeFilters(ctx);
  const nothingAtAll = !q && filters.length === 0;
  const parts = [h("p", { class: "empty-title" }, nothingAtAll ? ctx.t("noResultsEmptyIndex") : q ? ctx.t("noResults", { q }) : ctx.t("noResultsAll"))];
  if (resp.suggestion) {
    const next = withFields(st, { q: resp.suggestion });
    parts.push(h("p", { class: "suggestion" }, `${ctx.t("didYouMean")} `, h("a", { href: toSearch(next) || "?", on: { click: (e) => followLink(e, () => ctx.actions.go(next, { setQuery: true })) } }, resp.suggestion), questionMark(ctx.lang)));
  }
  if (filters.length > 0) {
    parts.push(h("p", {}, ctx.t("noResultsHint")), h("ul", { class: "filter-chips" }, filters));
  }
  return h("div", { class: "empty" }, parts);
}

// beyondLastPage is shown for a page number past the results (an old
// link).
export function beyondLastPage(ctx) {
  const first = { ...ctx.state, page: 1 };
  return h(
    "div",
    { class: "empty" },
    h("p", { class: "empty-title" }, ctx.t("pageBeyond", { page: ctx.state.page })),
    h("p", {}, h("a", { href: toSearch(first) || "?", on: { click: (e) => followLink(e, () => ctx.actions.go(first)) } }, ctx.t("backToFirst"))),
  );
}

// errorNotice says what went wrong, with the API's own message, and offers
// to retry.
export function errorNotice(err, ctx, retry) {
  let message;
  if (err.status === undefined) {
    message = ctx.t("errorNetwork");
  } else if (err.status === 400) {
    message = ctx.t("errorBadQuery", { message: err.message });
  } else {
    message = ctx.t("errorHTTP", { status: err.status, message: err.message });
  }
  return h(
    "div",
    { class: "notice notice-error", role: "alert" },
    h("p", { class: "notice-title" }, ctx.t("errorTitle")),
    h("p", { class: "error-message" }, message),
    err.status === 400 ? null : h("button", { type: "button", class: "button", on: { click: retry } }, ctx.t("retry")),
  );
}

// ---- alert back-test -------------------------------------------------

// Back-test chart geometry, in viewBox units: one slot per day, stretched
// to the form's width.
const BT_SLOT = 10;
const BT_BAR = 7;
const BT_HEIGHT = 36;

// backtest renders the back-test of an alert (the preview of POST
// /api/alerts/preview, and of a created alert): the matches per day as a
// bar chart, a sentence with the counts, a hint when the search looks too
// narrow or too broad, and the latest matches. webhook counts webhook
// calls instead of e-mails.
export function backtest(preview, ctx, { webhook = false } = {}) {
  const pv = preview || {};
  const hint = backtestHint(pv, ctx);
  const sentence = backtestSentence(pv, ctx, webhook);
  return [
    backtestChart(pv, ctx),
    sentence ? h("p", { class: "backtest-sentence" }, sentence) : null,
    hint ? h("p", { class: `backtest-hint verdict-${pv.verdict}` }, hint) : null,
    backtestHits(pv, ctx),
  ];
}

function windowDays(pv) {
  return Number(pv.window_days) || 30;
}

// backtestSentence says what the search matched and how many messages the
// alert would have sent ("" when nothing matched: the hint says it).
export function backtestSentence(pv, ctx, webhook = false) {
  const total = Number(pv.total) || 0;
  if (total === 0) {
    return "";
  }
  const lang = ctx.lang;
  const stories = Number(pv.stories) || 0;
  const emails = Number(pv.emails) || 0;
  const params = {
    days: formatNumber(windowDays(pv), lang),
    articles: ctx.tp("articlesCount", total, { nText: formatNumber(total, lang) }),
    stories: ctx.tp("storiesCount", stories, { nText: formatNumber(stories, lang) }),
    emails: webhook
      ? ctx.tp("webhookCalls", emails, { nText: formatNumber(emails, lang) })
      : ctx.tp("emailsCount", emails, { nText: formatNumber(emails, lang) }),
  };
  // Stories are worth naming only when some gather several articles.
  return ctx.t(stories > 0 && stories < total ? "backtestStories" : "backtest", params);
}

// backtestHint is the verdict in words: none, quiet and broad have one; ok
// needs none.
export function backtestHint(pv, ctx) {
  switch (pv.verdict) {
    case "none":
      return ctx.t("verdict_none", { days: formatNumber(windowDays(pv), ctx.lang) });
    case "broad":
      return ctx.t("verdict_broad", { n: formatNumber(Math.round(Number(pv.average_per_day) || 0), ctx.lang) });
    case "quiet":
      return ctx.t("verdict_quiet");
  }
  return "";
}

// backtestChart draws the matches per day, oldest first, as one image:
// its label sums it up and each bar's title gives its day and count.
function backtestChart(pv, ctx) {
  const days = Array.isArray(pv.per_day) ? pv.per_day : [];
  if (days.length === 0) {
    return null;
  }
  const lang = ctx.lang;
  const max = Math.max(0, ...days.map((d) => Number(d.count) || 0));
  // The busiest day, the latest one on a tie.
  const peak = days.reduce((best, d) => ((Number(d.count) || 0) >= (Number(best.count) || 0) ? d : best), days[0]);
  const total = Number(pv.total) || 0;
  const label = ctx.t(total > 0 ? "backtestChart" : "backtestChartNone", {
    days: formatNumber(days.length, lang),
    total: formatNumber(total, lang),
    peak: formatNumber(Number(peak.count) || 0, lang),
    peakDay: formatDate(peak.date, lang),
  });
  const width = days.length * BT_SLOT;
  const svg = s("svg", {
    class: "backtest-svg",
    viewBox: `0 0 ${width} ${BT_HEIGHT}`,
    preserveAspectRatio: "none",
    width: "100%",
    height: BT_HEIGHT,
    role: "img",
    "aria-label": label,
  });
  days.forEach((d, i) => {
    const n = Number(d.count) || 0;
    const bh = n > 0 ? Math.max(3, (n / Math.max(1, max)) * (BT_HEIGHT - 2)) : 1;
    svg.append(
      s(
        "rect",
        { class: n > 0 ? "day" : "day empty", x: i * BT_SLOT + (BT_SLOT - BT_BAR) / 2, y: BT_HEIGHT - bh, width: BT_BAR, height: bh, dataset: { date: d.date, count: String(n) } },
        s("title", {}, ctx.t("backtestBar", { date: formatDate(d.date, lang), n: formatNumber(n, lang) })),
      ),
    );
  });
  return h(
    "div",
    { class: "backtest-chart" },
    svg,
    h(
      "div",
      { class: "backtest-axis", "aria-hidden": "true" },
      h("span", {}, formatDay(days[0].date, lang)),
      h("span", {}, formatDay(days[days.length - 1].date, lang)),
    ),
  );
}

// backtestHits lists the latest matches: title linked, source and date.
function backtestHits(pv, ctx) {
  const hits = Array.isArray(pv.hits) ? pv.hits.slice(0, 5) : [];
  if (hits.length === 0) {
    return null;
  }
  const items = hits.map((x) => {
    const href = safeHref(x.url);
    const title = String(x.title ?? "");
    const lang = x.lang === "fr" || x.lang === "en" ? x.lang : null;
    const date = formatDate(x.published, ctx.lang);
    const meta = [x.source ? h("span", { class: "backtest-source" }, String(x.source)) : null, date ? h("time", { datetime: x.published }, date) : null].filter(Boolean);
    return h(
      "li",
      {},
      href
        ? h("a", { href, target: "_blank", rel: "noopener noreferrer", hreflang: lang }, h("span", { class: "backtest-title", lang }, title), h("span", { class: "visually-hidden" }, ` ${ctx.t("opensNewTab")}`))
        : h("span", { class: "backtest-title", lang }, title),
      meta.length ? h("span", { class: "backtest-meta" }, meta.flatMap((m, i) => (i ? [" · ", m] : [m]))) : null,
    );
  });
  return [h("p", { class: "backtest-latest" }, ctx.t("backtestLatest")), h("ul", { class: "backtest-hits" }, items)];
}
