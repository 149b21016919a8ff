// The search page. One App owns the state (mirrored in the URL), talks to
// /api/search and renders the answer. Typing searches after a short pause
// and cancels the request still in flight; deliberate actions (Enter, a
// facet, a chip, a bar, sort, paging) add a history entry so Back undoes
// them.

import { fetchJSON } from "./api.js";
import { h, replace } from "./dom.js";
import { formatAmount, formatNumber, formatPeriod } from "./format.js";
import { applyStatic, detectLang, saveLang, t, tp } from "./i18n.js";
import {
  activeFilters,
  amountFacet,
  backtest,
  backtestHint,
  backtestSentence,
  beyondLastPage,
  emptyResults,
  errorNotice,
  EXPANDED,
  fuzzyNotice,
  xlangNotice,
  hitList,
  langName,
  pageCount,
  pager,
  resultCount,
  termFacet,
} from "./render.js";
import {
  alertBody,
  apiURL,
  atomURL,
  compactAmount,
  filterCount,
  parseAmount,
  parseState,
  toSearch,
  withFields,
  withToggle,
} from "./state.js";
import { Timeline } from "./timeline.js";

// DEBOUNCE_MS is the pause in typing after which the page searches.
const DEBOUNCE_MS = 250;

// BACKTEST_DEBOUNCE_MS is the pause after a change of the alert's search or
// frequency before its back-test is asked for again.
const BACKTEST_DEBOUNCE_MS = 300;

// NARROW is the width under which facets fold into a disclosure.
const NARROW = "(max-width: 800px)";

class App {
  constructor() {
    this.lang = detectLang();
    this.state = parseState(location.search);
    this.expanded = new Set(); // facets showing their long tail
    this.controller = null; // AbortController of the search in flight
    this.timer = 0; // debounce timer
    this.typing = false; // a typing burst already added its history entry
    this.resp = null; // last response shown
    this.error = null; // last error shown
    this.el = {
      form: document.getElementById("search-form"),
      q: document.getElementById("q"),
      sort: document.getElementById("sort"),
      status: document.getElementById("status"),
      hits: document.getElementById("hits"),
      notice: document.getElementById("notice"),
      pager: document.getElementById("pager-list"),
      results: document.getElementById("results"),
      filters: document.getElementById("filters"),
      filtersSummary: document.getElementById("filters-summary"),
      active: document.getElementById("active-filters"),
      activeList: document.getElementById("active-filter-list"),
      timelineSection: document.getElementById("timeline-section"),
      periodLabel: document.getElementById("period-label"),
      periodClear: document.getElementById("period-clear"),
      timelineChart: document.getElementById("timeline-chart"),
      timelineHint: document.getElementById("timeline-hint"),
      atom: document.getElementById("atom-link"),
      atomAlt: document.getElementById("atom-alternate"),
      amountForm: document.getElementById("amount-form"),
      amountHelp: document.getElementById("amount-help"),
      alert: document.getElementById("alert"),
      alertForm: document.getElementById("alert-form"),
      alertSearch: document.getElementById("alert-search"),
      alertDates: document.getElementById("alert-dates"),
      alertResult: document.getElementById("alert-result"),
      alertWebhook: document.getElementById("alert-webhook"),
      alertBacktest: document.getElementById("alert-backtest"),
      alertBacktestLive: document.getElementById("alert-backtest-live"),
    };
    // The alert's back-test: key is the JSON of the search and frequency
    // shown or being fetched, answeredKey that of the alert just created
    // (whose answer shows the same back-test, so the form's is hidden).
    this.bt = { controller: null, timer: 0, key: "", preview: null, error: null, answeredKey: "" };
    this.timeline = new Timeline(this.el.timelineChart, (from, to) => this.go(withFields(this.state, { from, to })));
    this.actions = {
      toggle: (field, value, on) => this.go(withToggle(this.state, field, value, on)),
      setFields: (fields) => this.go(withFields(this.state, fields)),
      go: (next, opts) => this.go(next, opts),
    };
  }

  start() {
    this.applyLang();
    this.el.q.value = this.state.q;
    this.foldFiltersOnPhones();
    this.bind();
    this.syncControls();
    this.search();
  }

  // ctx is the view context the render functions take.
  ctx() {
    const lang = this.lang;
    return {
      lang,
      state: this.state,
      actions: this.actions,
      t: (key, params) => t(lang, key, params),
      tp: (key, n, params) => tp(lang, key, n, params),
    };
  }

  bind() {
    const { el } = this;
    el.q.addEventListener("input", () => this.typed());
    el.form.addEventListener("submit", (e) => {
      e.preventDefault();
      clearTimeout(this.timer);
      // Enter confirms the search being typed: it takes over the typing
      // burst's history entry instead of adding another.
      const mode = this.typing ? "replace" : "push";
      this.typing = false;
      this.go(withFields(this.state, { q: el.q.value }), { mode });
    });
    el.sort.addEventListener("change", () => this.go(withFields(this.state, { sort: el.sort.value })));
    el.periodClear.addEventListener("click", () => {
      this.go(withFields(this.state, { from: "", to: "" }));
      el.q.focus();
    });
    for (const fs of document.querySelectorAll("fieldset.facet[data-field]")) {
      const more = fs.querySelector(".facet-more");
      if (more) {
        more.addEventListener("click", () => this.toggleExpanded(fs.dataset.field));
      }
    }
    for (const btn of document.querySelectorAll("[data-ui-lang]")) {
      btn.addEventListener("click", () => this.setLang(btn.dataset.uiLang));
    }
    el.amountForm.addEventListener("submit", (e) => {
      e.preventDefault();
      this.applyAmountRange();
    });
    el.alertForm.addEventListener("submit", (e) => {
      e.preventDefault();
      this.createAlert();
    });
    el.alert.addEventListener("toggle", () => {
      if (el.alert.open) {
        this.backtestSoon(0, true);
      } else {
        this.stopBacktest();
      }
    });
    el.alertForm.elements.frequency.addEventListener("change", () => this.backtestSoon(BACKTEST_DEBOUNCE_MS));
    for (const radio of el.alertForm.querySelectorAll('input[name="channel"]')) {
      radio.addEventListener("change", () => this.channelChanged());
    }
    window.addEventListener("popstate", () => {
      clearTimeout(this.timer);
      this.typing = false;
      this.state = parseState(location.search);
      el.q.value = this.state.q;
      this.syncControls();
      this.search();
    });
    document.addEventListener("keydown", (e) => {
      const tag = (e.target.tagName || "").toLowerCase();
      if (e.key === "/" && !["input", "textarea", "select"].includes(tag) && !e.target.isContentEditable) {
        e.preventDefault();
        el.q.focus();
        el.q.select();
      }
    });
  }

  // typed searches once typing pauses. The first search of a burst adds a
  // history entry, the next ones replace it, so Back leaves the whole
  // burst at once.
  typed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.el.q.value.trim() === this.state.q.trim()) {
        return; // only spaces changed: same search
      }
      const mode = this.typing ? "replace" : "push";
      this.go(withFields(this.state, { q: this.el.q.value }), { mode });
      this.typing = true;
    }, DEBOUNCE_MS);
  }

  // go makes next the current state, records it in the URL (a new history
  // entry unless mode is "replace" or nothing changed) and searches.
  go(next, { mode = "push", scroll = false, setQuery = false } = {}) {
    if (mode === "push") {
      this.typing = false;
    }
    this.state = next;
    const url = location.pathname + toSearch(next);
    if (url !== location.pathname + location.search) {
      if (mode === "push") {
        history.pushState(null, "", url);
      } else {
        history.replaceState(null, "", url);
      }
    }
    if (setQuery) {
      this.el.q.value = next.q;
    }
    this.syncControls();
    this.search();
    if (scroll) {
      this.el.results.focus({ preventScroll: true });
      this.el.results.scrollIntoView({ block: "start" });
    }
  }

  facetSize() {
    return this.expanded.size > 0 ? EXPANDED : undefined;
  }

  toggleExpanded(field) {
    if (this.expanded.has(field)) {
      this.expanded.delete(field);
    } else {
      this.expanded.add(field);
    }
    this.search();
  }

  // search asks the API for the current state, cancelling any request
  // still in flight; only the latest answer is ever shown.
  async search() {
    if (this.controller) {
      this.controller.abort();
    }
    const controller = new AbortController();
    this.controller = controller;
    this.el.results.setAttribute("aria-busy", "true");
    document.body.classList.add("loading");
    try {
      const resp = await fetchJSON(apiURL(this.state, this.facetSize()), { signal: controller.signal });
      if (this.controller !== controller) {
        return;
      }
      this.resp = resp;
      this.error = null;
      this.render();
    } catch (err) {
      if (err.name === "AbortError" || this.controller !== controller) {
        return;
      }
      this.error = err;
      this.render();
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.el.results.removeAttribute("aria-busy");
        document.body.classList.remove("loading");
      }
    }
  }

  // syncControls shows the state in the controls that do not come from a
  // response: sort, Atom links, the alert summary, the tab title.
  syncControls() {
    const st = this.state;
    this.el.sort.value = st.sort;
    const atom = atomURL(st);
    this.el.atom.href = atom;
    this.el.atomAlt.href = atom;
    const q = st.q.trim();
    document.title = q ? `${q} — Vigie` : t(this.lang, "title");
    this.el.alertSearch.textContent = t(this.lang, "alertSearch", { search: this.describeSearch() });
    this.el.alertDates.hidden = !(st.from || st.to);
    const { amount_min: minInput, amount_max: maxInput } = this.el.amountForm.elements;
    minInput.value = compactAmount(st.amount_min);
    maxInput.value = compactAmount(st.amount_max);
    const n = filterCount(st);
    this.el.filtersSummary.textContent = n ? t(this.lang, "filtersCount", { n }) : t(this.lang, "filters");
    this.backtestSoon(BACKTEST_DEBOUNCE_MS);
  }

  // applyAmountRange filters by the typed amount range, or says what is
  // wrong with it next to the fields.
  applyAmountRange() {
    const { amount_min: minInput, amount_max: maxInput } = this.el.amountForm.elements;
    const raw = [minInput.value.trim(), maxInput.value.trim()];
    const values = raw.map(parseAmount);
    const bad = raw.map((r, i) => r !== "" && !(values[i] > 0));
    let problem = "";
    if (bad[0] || bad[1]) {
      problem = "amountInvalid";
    } else if (values[0] && values[1] && values[0] > values[1]) {
      problem = "amountOrder";
    }
    minInput.toggleAttribute("aria-invalid", bad[0] || problem === "amountOrder");
    maxInput.toggleAttribute("aria-invalid", bad[1]);
    this.el.amountHelp.textContent = t(this.lang, problem || "amountHelp");
    this.el.amountHelp.classList.toggle("field-error", Boolean(problem));
    if (!problem) {
      this.go(withFields(this.state, { amount_min: raw[0], amount_max: raw[1] }));
    }
  }

  // describeSearch is the search in words, for the alert form.
  describeSearch() {
    const st = this.state;
    const parts = [];
    if (st.q.trim()) {
      parts.push(`“${st.q.trim()}”`);
    }
    for (const f of ["company", "agency", "source"]) {
      parts.push(...st[f]);
    }
    parts.push(...st.lang.map((l) => langName(l, this.ctx())));
    const lo = parseAmount(st.amount_min);
    const hi = parseAmount(st.amount_max);
    if (lo || hi) {
      parts.push([lo ? `≥ ${formatAmount(lo, this.lang)}` : "", hi ? `≤ ${formatAmount(hi, this.lang)}` : ""].filter(Boolean).join(" "));
    }
    return parts.length ? parts.join(" · ") : t(this.lang, "alertEverything");
  }

  render() {
    const ctx = this.ctx();
    this.renderActiveFilters(ctx);
    if (this.error) {
      this.renderError(ctx);
      return;
    }
    const resp = this.resp;
    this.renderStatus(ctx, resp);
    this.renderFacets(ctx, resp.facets || {});
    this.renderTimeline(ctx, (resp.facets && resp.facets.published) || []);
    this.renderHits(ctx, resp);
  }

  renderStatus(ctx, resp) {
    const q = this.state.q.trim();
    // Collapsed, the results are stories; the articles they gather are
    // counted after them when there are more.
    const articles = resp.total || 0;
    const n = resultCount(resp);
    const nText = formatNumber(n, this.lang);
    let count = q ? tp(this.lang, "resultsFor", n, { nText, q }) : tp(this.lang, "results", n, { nText });
    if (articles > n) {
      count += ` · ${tp(this.lang, "articlesCount", articles, { nText: formatNumber(articles, this.lang) })}`;
    }
    const took = t(this.lang, "took", { ms: formatNumber(resp.took_ms || 0, this.lang, { maximumFractionDigits: 1 }) });
    const pages = pageCount(n, resp.size || 10);
    const parts = [h("span", { class: "status-count" }, count), " ", h("span", { class: "status-took" }, took)];
    if (pages > 1) {
      parts.push(" · ", h("span", { class: "status-page" }, t(this.lang, "pageOf", { page: formatNumber(this.state.page, this.lang), pages: formatNumber(pages, this.lang) })));
    }
    replace(this.el.status, parts);
    this.el.status.dataset.total = String(n);
  }

  renderHits(ctx, resp) {
    const hits = Array.isArray(resp.hits) ? resp.hits : [];
    const notices = [];
    if (resp.fuzzy) {
      notices.push(fuzzyNotice(resp, ctx));
    }
    const xl = xlangNotice(resp, ctx);
    if (xl) {
      notices.push(xl);
    }
    if (hits.length === 0) {
      notices.push(resp.total > 0 ? beyondLastPage(ctx) : emptyResults(resp, ctx));
    }
    // The empty state lists the filters to remove itself.
    if (hits.length === 0 && !(resp.total > 0)) {
      this.el.active.hidden = true;
    }
    replace(this.el.notice, notices);
    replace(this.el.hits, hitList(hits, ctx));
    replace(this.el.pager, pager(resultCount(resp), resp.size || 10, ctx));
  }

  renderFacets(ctx, facets) {
    for (const field of ["company", "agency", "lang", "source"]) {
      const fs = document.getElementById(`facet-${field}`);
      const expanded = this.expanded.has(field);
      const r = termFacet(field, facets[field], ctx, expanded);
      replace(fs.querySelector(".facet-list"), r.items);
      fs.hidden = r.empty;
      const more = fs.querySelector(".facet-more");
      if (more) {
        more.hidden = !(r.canMore || r.canFewer);
        const legend = t(this.lang, `facet_${field}`);
        more.textContent = t(this.lang, r.canFewer ? "facetFewer" : "facetMore");
        more.setAttribute("aria-label", t(this.lang, r.canFewer ? "facetFewerLabel" : "facetMoreLabel", { facet: legend }));
        more.setAttribute("aria-expanded", String(expanded));
      }
    }
    const amount = document.getElementById("facet-amount");
    const buckets = Array.isArray(facets.amount) ? facets.amount : [];
    const anyAmount = buckets.some((b) => b.count > 0 || b.selected);
    replace(amount.querySelector(".facet-list"), amountFacet(buckets, ctx));
    amount.hidden = !anyAmount && !(this.state.amount_min || this.state.amount_max);
  }

  renderTimeline(ctx, buckets) {
    const st = this.state;
    const hasPeriod = Boolean(st.from || st.to);
    this.el.timelineSection.hidden = buckets.length === 0 && !hasPeriod;
    this.el.periodLabel.textContent = hasPeriod ? formatPeriod(st.from, st.to, this.lang, ctx.t) : t(this.lang, "periodAll");
    this.el.periodClear.hidden = !hasPeriod;
    this.el.timelineChart.hidden = buckets.length === 0;
    this.el.timelineHint.textContent = t(this.lang, buckets.length === 0 ? "timelineEmpty" : "timelineHint");
    this.timeline.render(buckets, { lang: this.lang, t: ctx.t, from: st.from, to: st.to, labelledBy: "timeline-title" });
  }

  renderActiveFilters(ctx) {
    const chips = activeFilters(ctx);
    this.el.active.hidden = chips.length === 0;
    replace(this.el.activeList, chips);
  }

  // renderError replaces the results with what went wrong; the notice is
  // an alert, so the status stays quiet rather than saying it twice.
  renderError(ctx) {
    replace(this.el.status);
    delete this.el.status.dataset.total;
    replace(this.el.notice, errorNotice(this.error, ctx, () => this.search()));
    replace(this.el.hits);
    replace(this.el.pager);
  }

  setLang(lang) {
    if (lang === this.lang) {
      return;
    }
    this.lang = lang;
    saveLang(lang);
    this.applyLang();
    this.syncControls();
    if (this.resp || this.error) {
      this.render();
    }
    this.renderBacktest(false);
  }

  applyLang() {
    applyStatic(document, this.lang);
  }

  // foldFiltersOnPhones closes the filter drawer on narrow screens, where
  // results should come first; wide screens always show it.
  foldFiltersOnPhones() {
    const mq = window.matchMedia(NARROW);
    const apply = () => {
      this.el.filters.open = !mq.matches;
    };
    apply();
    mq.addEventListener("change", apply);
  }

  // backtestKey is the JSON of what the back-test depends on: the search
  // as an alert and its frequency (not the address nor the channel).
  backtestKey() {
    return JSON.stringify(alertBody(this.state, undefined, this.el.alertForm.elements.frequency.value));
  }

  // backtestSoon asks for the back-test of the alert form after delay ms,
  // when the box is open and the search or frequency changed (or always,
  // with force). What is shown meanwhile is marked busy; a request still
  // in flight is cancelled, so an older answer never replaces a newer one.
  backtestSoon(delay, force = false) {
    const bt = this.bt;
    if (!this.el.alert.open) {
      return;
    }
    const key = this.backtestKey();
    if (key === bt.key && !force) {
      return;
    }
    clearTimeout(bt.timer);
    if (bt.controller) {
      bt.controller.abort();
      bt.controller = null;
    }
    bt.key = key;
    this.el.alertBacktest.setAttribute("aria-busy", "true");
    this.renderBacktest(false);
    bt.timer = setTimeout(() => this.fetchBacktest(), delay);
  }

  // stopBacktest forgets a back-test on its way when the box is closed; it
  // is asked for again when the box opens.
  stopBacktest() {
    const bt = this.bt;
    clearTimeout(bt.timer);
    if (bt.controller) {
      bt.controller.abort();
      bt.controller = null;
    }
    bt.key = "";
    this.el.alertBacktest.removeAttribute("aria-busy");
  }

  // fetchBacktest POSTs the search to /api/alerts/preview and shows what it
  // would have sent over the last 30 days. A failure is a quiet note: the
  // alert can be created all the same.
  async fetchBacktest() {
    const bt = this.bt;
    const controller = new AbortController();
    bt.controller = controller;
    const body = { ...JSON.parse(bt.key), locale: this.lang };
    try {
      const resp = await fetchJSON("/api/alerts/preview", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (bt.controller !== controller) {
        return;
      }
      bt.preview = resp.preview || {};
      bt.error = null;
    } catch (err) {
      if (err.name === "AbortError" || bt.controller !== controller) {
        return;
      }
      bt.preview = null;
      bt.error = err;
    }
    bt.controller = null;
    this.el.alertBacktest.removeAttribute("aria-busy");
    this.renderBacktest(true);
  }

  // renderBacktest shows the last back-test (or that one is coming) in the
  // form, and with announce says its gist to screen readers.
  renderBacktest(announce) {
    const bt = this.bt;
    const out = this.el.alertBacktest;
    out.hidden = !this.el.alert.open || bt.key === "" || bt.key === bt.answeredKey;
    const ctx = this.ctx();
    let gist = "";
    if (bt.error) {
      const message = bt.error.status === undefined ? ctx.t("errorNetwork") : bt.error.message;
      gist = ctx.t("backtestFailed", { message });
      replace(out, h("p", { class: "alert-note backtest-failed" }, gist));
    } else if (bt.preview) {
      const webhook = this.channel() === "webhook";
      gist = [backtestSentence(bt.preview, ctx, webhook), backtestHint(bt.preview, ctx)].filter(Boolean).join(" ");
      replace(out, backtest(bt.preview, ctx, { webhook }));
    } else {
      replace(out, h("p", { class: "hint" }, ctx.t("backtestLoading")));
    }
    if (announce) {
      this.el.alertBacktestLive.textContent = gist;
    }
  }

  // channel is how the alert delivers: "email" or "webhook".
  channel() {
    return this.el.alertForm.elements.channel.value === "webhook" ? "webhook" : "email";
  }

  // channelChanged shows the webhook's fields when it is chosen (its URL is
  // then required) and recounts the back-test in webhook calls.
  channelChanged() {
    const webhook = this.channel() === "webhook";
    this.el.alertWebhook.hidden = !webhook;
    this.el.alertForm.elements.webhook_url.required = webhook;
    if (this.bt.preview || this.bt.error) {
      this.renderBacktest(false);
    }
  }

  // createAlert POSTs the current search as an alert and shows the answer:
  // pending with a back-test (and the webhook's secret), a friendly note
  // when mail is not set up, or the API's error. E-mail alerts send the
  // same body as before webhooks existed: no channel fields.
  async createAlert() {
    const form = this.el.alertForm;
    const out = this.el.alertResult;
    const email = form.elements.email;
    if (!email.checkValidity() || !email.value.trim()) {
      email.reportValidity();
      return;
    }
    const webhook = this.channel() === "webhook";
    const hookURL = form.elements.webhook_url;
    if (webhook && (!hookURL.checkValidity() || !hookURL.value.trim())) {
      hookURL.reportValidity();
      return;
    }
    const hook = webhook ? { url: hookURL.value.trim(), format: form.elements.webhook_format.value } : undefined;
    const frequency = form.elements.frequency.value;
    const body = { ...alertBody(this.state, email.value.trim(), frequency, hook), locale: this.lang };
    const key = JSON.stringify(alertBody(this.state, undefined, frequency));
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    this.bt.answeredKey = "";
    replace(out, h("p", {}, t(this.lang, "alertSending")));
    try {
      const resp = await fetchJSON("/api/alerts", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      replace(out, this.alertAnswer(resp, body.email, webhook));
      this.bt.answeredKey = key;
    } catch (err) {
      replace(out, this.alertFailure(err));
    } finally {
      submit.disabled = false;
      this.el.alertBacktest.hidden = !this.el.alert.open || this.bt.key === "" || this.bt.key === this.bt.answeredKey;
    }
  }

  // alertAnswer shows a created alert: pending until the e-mailed link is
  // clicked, the webhook's signing secret (shown this once), and the
  // back-test of its search so the user can judge it.
  alertAnswer(resp, email, webhook) {
    const parts = [h("p", { class: "alert-ok" }, t(this.lang, "alertPending", { email }))];
    if (resp.webhook_secret) {
      parts.push(this.secretBox(String(resp.webhook_secret)));
    }
    if (resp.preview) {
      parts.push(h("div", { class: "alert-backtest" }, backtest(resp.preview, this.ctx(), { webhook })));
    }
    return parts;
  }

  // secretBox shows the webhook's HMAC key, what it is for, and a button
  // that copies it.
  secretBox(secret) {
    const input = h("input", { id: "alert-secret", class: "secret-value", type: "text", readonly: true, value: secret, autocomplete: "off", spellcheck: "false", "aria-describedby": "alert-secret-help" });
    const status = h("span", { class: "copy-status", role: "status" });
    const copy = h("button", { type: "button", class: "button", "aria-label": t(this.lang, "copyLabel"), on: { click: () => this.copySecret(input, status) } }, t(this.lang, "copy"));
    return h(
      "div",
      { class: "alert-secret" },
      h("label", { for: "alert-secret" }, t(this.lang, "secretLabel")),
      h("div", { class: "secret-row" }, input, copy),
      h("p", { class: "hint", id: "alert-secret-help" }, t(this.lang, "secretHelp")),
      status,
    );
  }

  // copySecret puts the secret on the clipboard; where the Clipboard API is
  // refused, it selects the text and tries the older copy command.
  async copySecret(input, status) {
    let ok = false;
    try {
      await navigator.clipboard.writeText(input.value);
      ok = true;
    } catch {
      input.focus();
      input.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
    }
    status.textContent = t(this.lang, ok ? "copied" : "copyFailed");
    status.classList.toggle("copy-failed", !ok);
  }

  alertFailure(err) {
    if (err.status === 503 || err.code === "mail_not_configured") {
      return h("p", { class: "alert-note" }, t(this.lang, "alertNoMail"));
    }
    const message = err.status === undefined ? t(this.lang, "errorNetwork") : err.message;
    return h("p", { class: "alert-error", role: "alert" }, t(this.lang, "alertError", { message }));
  }
}

function main() {
  new App().start();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", main);
} else {
  main();
}
