// The feed health page: every configured feed from GET /api/feeds with its
// status (ok, failing, never fetched), last fetch, next poll, item counts
// and last error. Failing feeds come first: they are what an operator
// opens this page for.

import { fetchJSON } from "./api.js";
import { h, replace } from "./dom.js";
import { formatDateTime, formatNumber, formatRelative, safeHref } from "./format.js";
import { applyStatic, detectLang, saveLang, t, tp } from "./i18n.js";

const STATUS_ORDER = { failing: 0, never: 1, ok: 2 };

// normalizeFeed reads one feed of the API answer into the fields shown,
// accepting the names of the poller's state (checked_at, next_check_at,
// items_last, ...) as well as the summary names (last_fetch, next_poll,
// items).
export function normalizeFeed(f) {
  const lastFetch = firstTime(f.last_fetch, f.checked_at, f.last_checked, f.fetched_at);
  const lastError = f.last_error || f.error || "";
  const errorCount = Number(f.error_count ?? f.errors ?? 0);
  let status = String(f.status || "").toLowerCase();
  if (!(status in STATUS_ORDER)) {
    status = !lastFetch ? "never" : errorCount > 0 || (lastError && !f.last_success_at) ? "failing" : "ok";
  }
  return {
    name: f.name || f.title || f.url || "",
    url: f.url || "",
    status,
    lastFetch,
    lastSuccess: firstTime(f.last_success, f.last_success_at),
    nextPoll: firstTime(f.next_poll, f.next_check, f.next_check_at),
    items: numberOr(f.items, f.items_last, f.item_count),
    itemsTotal: numberOr(f.items_total, f.items_new_total, f.articles),
    errorCount,
    lastError,
    lastStatus: Number(f.last_status || 0),
    fullText: f.fulltext || "auto",
    pages: f.pages && typeof f.pages === "object" ? f.pages : null,
  };
}

// firstTime is the first argument that is a real time (Go's zero time
// "0001-01-01T00:00:00Z" means never).
function firstTime(...values) {
  for (const v of values) {
    if (!v) {
      continue;
    }
    const d = new Date(v);
    if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() > 1970) {
      return v;
    }
  }
  return "";
}

function numberOr(...values) {
  for (const v of values) {
    if (v !== undefined && v !== null && Number.isFinite(Number(v))) {
      return Number(v);
    }
  }
  return null;
}

// sortFeeds puts failing feeds first, then never fetched, then healthy,
// each by name.
export function sortFeeds(feeds) {
  return [...feeds].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name));
}

class FeedsPage {
  constructor() {
    this.lang = detectLang();
    this.feeds = null;
    this.error = null;
    this.loadedAt = null;
    this.el = {
      status: document.getElementById("feeds-status"),
      error: document.getElementById("feeds-error"),
      table: document.getElementById("feeds-table"),
      body: document.getElementById("feeds-body"),
      refresh: document.getElementById("refresh"),
    };
  }

  start() {
    applyStatic(document, this.lang);
    document.title = t(this.lang, "feedsTitle");
    for (const btn of document.querySelectorAll("[data-ui-lang]")) {
      btn.addEventListener("click", () => this.setLang(btn.dataset.uiLang));
    }
    this.el.refresh.addEventListener("click", () => this.load());
    this.load();
  }

  setLang(lang) {
    this.lang = lang;
    saveLang(lang);
    applyStatic(document, lang);
    document.title = t(lang, "feedsTitle");
    this.render();
  }

  async load() {
    replace(this.el.status, t(this.lang, "feedsLoading"));
    this.el.refresh.disabled = true;
    try {
      const body = await fetchJSON("/api/feeds");
      const list = Array.isArray(body) ? body : body.feeds || [];
      this.feeds = sortFeeds(list.map(normalizeFeed));
      this.error = null;
      this.loadedAt = new Date();
    } catch (err) {
      this.error = err;
    } finally {
      this.el.refresh.disabled = false;
    }
    this.render();
  }

  render() {
    const lang = this.lang;
    if (this.error) {
      const message = this.error.status === undefined ? t(lang, "errorNetwork") : this.error.message;
      replace(this.el.status);
      replace(this.el.error, h("div", { class: "notice notice-error", role: "alert" }, h("p", {}, t(lang, "feedsError", { message }))));
      return;
    }
    replace(this.el.error);
    if (!this.feeds) {
      return;
    }
    const count = (s) => this.feeds.filter((f) => f.status === s).length;
    const summary = this.feeds.length
      ? t(lang, "feedsSummary", {
          total: formatNumber(this.feeds.length, lang),
          ok: formatNumber(count("ok"), lang),
          failing: formatNumber(count("failing"), lang),
          never: formatNumber(count("never"), lang),
        })
      : t(lang, "feedsEmpty");
    replace(this.el.status, summary);
    this.el.table.hidden = this.feeds.length === 0;
    replace(this.el.body, this.feeds.map((f) => this.row(f)));
  }

  row(f) {
    const lang = this.lang;
    const href = safeHref(f.url);
    const dash = t(lang, "dash");
    return h(
      "tr",
      { class: `feed-${f.status}` },
      h("th", { scope: "row", class: "feed-name" }, href ? h("a", { href, rel: "noopener noreferrer" }, f.name) : f.name, f.url && f.name !== f.url ? h("span", { class: "feed-url" }, f.url) : null),
      h(
        "td",
        {},
        h("span", { class: `status-badge status-${f.status}` }, t(lang, `status_${f.status}`)),
        f.status === "failing" ? this.failureDetail(f) : null,
      ),
      this.timeCell(f.lastFetch, t(lang, "never")),
      this.timeCell(f.nextPoll, dash),
      h("td", { class: "num", title: f.itemsTotal !== null ? t(lang, "itemsTitle", { last: f.items ?? 0, total: f.itemsTotal }) : null }, f.items !== null ? formatNumber(f.items, lang) : dash),
      h("td", { class: "feed-error" }, f.lastError || (f.pages && f.pages.last_error ? null : dash), this.pagesDetail(f)),
    );
  }

  // pagesDetail says what fetching the feed's article pages for their full
  // text gave, with the last failure: the feed's own text was kept then.
  pagesDetail(f) {
    const lang = this.lang;
    const p = f.pages;
    if (f.fullText === "never") {
      return h("span", { class: "feed-pages" }, t(lang, "pagesNever"));
    }
    if (!p || (!p.fetched && !p.failed)) {
      return null;
    }
    const line = t(lang, "pagesSummary", { fetched: formatNumber(p.fetched || 0, lang), failed: formatNumber(p.failed || 0, lang) });
    return h(
      "span",
      { class: "feed-pages" },
      line,
      p.last_error ? h("span", { class: "feed-pages-error", title: p.last_failed_url || null }, t(lang, "pagesLastError", { error: p.last_error })) : null,
    );
  }

  // failureDetail says how long a failing feed has been failing: the
  // failures in a row and when it last worked.
  failureDetail(f) {
    const lang = this.lang;
    const parts = [];
    if (f.errorCount > 0) {
      parts.push(tp(lang, "failures", f.errorCount, { nText: formatNumber(f.errorCount, lang) }));
    }
    if (f.lastSuccess) {
      parts.push(t(lang, "lastSuccess", { time: formatRelative(f.lastSuccess, lang) }));
    }
    return parts.length ? [" ", h("span", { class: "feed-sub" }, parts.join(" · "))] : null;
  }

  timeCell(iso, empty) {
    if (!iso) {
      return h("td", { class: "muted" }, empty);
    }
    return h("td", {}, h("time", { datetime: iso, title: formatDateTime(iso, this.lang) }, formatRelative(iso, this.lang)));
  }
}

if (document.getElementById("feeds-table")) {
  new FeedsPage().start();
}
