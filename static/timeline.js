// The publication timeline: an inline SVG bar chart of the published facet
// (one bar per month, or per year for long ranges). Clicking a bar selects
// its period; pressing on one bar and releasing on another (brushing)
// selects the range between them; Shift extends the current selection.
// Bars are focusable buttons: arrow keys move between them, Enter or Space
// selects.

import { s } from "./dom.js";
import { addDays, formatBucket, formatMonthShort, formatNumber } from "./format.js";

const HEIGHT = 112;
const TOP = 16; // room for count labels above the bars
const CHART = 64; // bar area
const AXIS_Y = TOP + CHART; // baseline
const MIN_LABEL_PX = 34; // narrowest slot that fits a month label

// Timeline draws into a container and redraws itself when the container is
// resized.
export class Timeline {
  // onSelect(from, to) receives an inclusive YYYY-MM-DD range.
  constructor(container, onSelect) {
    this.container = container;
    this.onSelect = onSelect;
    this.buckets = [];
    this.opts = null;
    this.drag = null;
    this.lastWidth = 0;
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => {
        const w = this.container.clientWidth;
        if (this.opts && w && Math.abs(w - this.lastWidth) > 1) {
          this.draw();
        }
      }).observe(container);
    }
  }

  // render shows buckets ([{label, from, to, count}], to exclusive) with
  // the selected period (inclusive from/to, may be empty).
  render(buckets, opts) {
    this.buckets = Array.isArray(buckets) ? buckets : [];
    this.opts = opts;
    this.draw();
  }

  draw() {
    const { lang, t, from, to, labelledBy } = this.opts;
    const n = this.buckets.length;
    const active = document.activeElement;
    const refocus = active && this.container.contains(active) ? active.dataset.focusKey : undefined;
    this.container.replaceChildren();
    if (n === 0) {
      return;
    }
    const width = Math.max(this.container.clientWidth || 0, 240);
    this.lastWidth = width;
    const slot = width / n;
    const barW = Math.max(2, Math.min(slot * 0.8, 48));
    const max = Math.max(1, ...this.buckets.map((b) => b.count));
    const hasSel = Boolean(from || to);
    const labelEvery = Math.ceil(MIN_LABEL_PX / slot);
    const showCounts = slot >= 22;
    const focusIdx = this.focusIndex(hasSel, from, to);
    const labels = axisLabels(this.buckets, labelEvery, lang);

    const svg = s("svg", {
      class: "timeline-svg" + (hasSel ? " has-selection" : ""),
      viewBox: `0 0 ${width} ${HEIGHT}`,
      width: "100%",
      height: HEIGHT,
      role: "group",
      "aria-labelledby": labelledBy,
    });
    svg.append(s("line", { class: "axis", x1: 0, x2: width, y1: AXIS_Y + 0.5, y2: AXIS_Y + 0.5 }));
    this.buckets.forEach((b, i) => {
      const x = i * slot;
      const selected = hasSel && overlaps(b, from, to);
      const bh = b.count > 0 ? Math.max(3, (b.count / max) * CHART) : 1;
      const period = formatBucket(b.label, lang, true);
      const countText = t("countLabel", { n: formatNumber(b.count, lang) });
      const g = s(
        "g",
        {
          class: "bar" + (selected ? " selected" : "") + (b.count === 0 ? " empty" : ""),
          role: "button",
          tabindex: i === focusIdx ? 0 : -1,
          "aria-pressed": String(selected),
          "aria-label": t("timelineBar", { period, count: countText }),
          dataset: { index: String(i), focusKey: `bar-${b.label}`, from: b.from, to: b.to },
        },
        s("title", {}, `${period}: ${countText}`),
        s("rect", { class: "hit-area", x, y: 0, width: slot, height: AXIS_Y + 28 }),
        s("rect", { class: "fill", x: x + (slot - barW) / 2, y: AXIS_Y - bh, width: barW, height: bh, rx: Math.min(3, barW / 4) }),
      );
      if (showCounts && b.count > 0) {
        g.append(s("text", { class: "count", x: x + slot / 2, y: AXIS_Y - bh - 4, "text-anchor": "middle" }, formatNumber(b.count, lang)));
      }
      svg.append(g);
      const label = labels[i];
      if (label) {
        svg.append(s("text", { class: "tick", x: x + slot / 2, y: AXIS_Y + 14, "text-anchor": "middle" }, label.top));
        if (label.year) {
          svg.append(s("text", { class: "tick year", x: x + slot / 2, y: AXIS_Y + 27, "text-anchor": "middle" }, label.year));
        }
      }
    });
    this.listen(svg);
    this.container.append(svg);
    if (refocus !== undefined) {
      this.restoreFocus(svg, refocus);
    }
  }

  // restoreFocus puts keyboard focus back on the bar that had it before a
  // redraw (a selection made with Enter redraws the whole chart).
  restoreFocus(svg, key) {
    const bar = svg.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (!bar) {
      return;
    }
    for (const g of svg.querySelectorAll(".bar")) {
      g.setAttribute("tabindex", g === bar ? "0" : "-1");
    }
    bar.focus({ preventScroll: true });
  }

  // focusIndex is the bar reachable with Tab (roving tabindex): the first
  // selected bar, else the last one.
  focusIndex(hasSel, from, to) {
    if (hasSel) {
      const i = this.buckets.findIndex((b) => overlaps(b, from, to));
      if (i >= 0) {
        return i;
      }
    }
    return this.buckets.length - 1;
  }

  listen(svg) {
    svg.addEventListener("pointerdown", (e) => this.pointerDown(svg, e));
    svg.addEventListener("pointermove", (e) => this.pointerMove(svg, e));
    svg.addEventListener("pointerup", (e) => this.pointerUp(svg, e));
    svg.addEventListener("pointercancel", () => this.cancelDrag(svg));
    svg.addEventListener("keydown", (e) => this.keyDown(svg, e));
    // Assistive technologies activate buttons with a synthetic click
    // (detail 0); real mouse clicks are handled by the pointer events.
    svg.addEventListener("click", (e) => {
      const g = e.target.closest(".bar");
      if (g && e.detail === 0) {
        this.select(+g.dataset.index, +g.dataset.index, e.shiftKey);
      }
    });
  }

  indexAt(svg, e) {
    const rect = svg.getBoundingClientRect();
    if (rect.width === 0) {
      return -1;
    }
    const i = Math.floor(((e.clientX - rect.left) / rect.width) * this.buckets.length);
    return Math.min(this.buckets.length - 1, Math.max(0, i));
  }

  pointerDown(svg, e) {
    if (e.button !== 0 || !e.target.closest(".bar")) {
      return;
    }
    const i = this.indexAt(svg, e);
    this.drag = { start: i, end: i, shift: e.shiftKey };
    svg.setPointerCapture?.(e.pointerId);
    svg.classList.add("brushing");
    this.paintBrush(svg);
    e.preventDefault();
  }

  pointerMove(svg, e) {
    if (!this.drag) {
      return;
    }
    const i = this.indexAt(svg, e);
    if (i !== this.drag.end) {
      this.drag.end = i;
      this.paintBrush(svg);
    }
  }

  pointerUp(svg, e) {
    if (!this.drag) {
      return;
    }
    const { start, shift } = this.drag;
    const end = this.indexAt(svg, e);
    this.cancelDrag(svg);
    this.select(Math.min(start, end), Math.max(start, end), shift);
  }

  cancelDrag(svg) {
    this.drag = null;
    svg.classList.remove("brushing");
    this.paintBrush(svg);
  }

  paintBrush(svg) {
    const lo = this.drag ? Math.min(this.drag.start, this.drag.end) : -1;
    const hi = this.drag ? Math.max(this.drag.start, this.drag.end) : -2;
    for (const g of svg.querySelectorAll(".bar")) {
      const i = +g.dataset.index;
      g.classList.toggle("brushed", i >= lo && i <= hi);
    }
  }

  keyDown(svg, e) {
    const g = e.target.closest(".bar");
    if (!g) {
      return;
    }
    const i = +g.dataset.index;
    const moves = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: this.buckets.length - 1 };
    if (e.key in moves) {
      const j = Math.min(this.buckets.length - 1, Math.max(0, moves[e.key]));
      const bars = svg.querySelectorAll(".bar");
      bars[i].setAttribute("tabindex", "-1");
      bars[j].setAttribute("tabindex", "0");
      bars[j].focus();
      e.preventDefault();
    } else if (e.key === "Enter" || e.key === " ") {
      this.select(i, i, e.shiftKey);
      e.preventDefault();
    }
  }

  // select reports bars lo..hi as an inclusive date range; with extend,
  // the range also covers the current selection.
  select(lo, hi, extend) {
    let from = this.buckets[lo].from;
    let to = addDays(this.buckets[hi].to, -1);
    if (extend && (this.opts.from || this.opts.to)) {
      if (this.opts.from && this.opts.from < from) {
        from = this.opts.from;
      }
      if (this.opts.to && this.opts.to > to) {
        to = this.opts.to;
      }
    }
    this.onSelect(from, to);
  }
}

// overlaps reports whether a bar [b.from, b.to) meets the inclusive
// selection [from, to]; either end may be open. Dates compare as strings
// (YYYY-MM-DD, or RFC 3339 cut to the day).
function overlaps(b, from, to) {
  const f = (from || "").slice(0, 10);
  const l = (to || "").slice(0, 10);
  return (!f || b.to > f) && (!l || b.from <= l);
}

// axisLabels names every labelEvery-th bar: month bars get the short
// month, with the year under the first labelled bar of each year; year bars
// get the year.
function axisLabels(buckets, labelEvery, lang) {
  let lastYear = "";
  return buckets.map((b, i) => {
    if (i % labelEvery !== 0) {
      return null;
    }
    const m = /^(\d{4})-(\d{2})$/.exec(b.label);
    if (!m) {
      return { top: b.label, year: "" };
    }
    const year = m[1] !== lastYear ? m[1] : "";
    lastYear = m[1];
    return { top: formatMonthShort(b.label, lang), year };
  });
}
