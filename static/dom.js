// Small DOM builders. Everything from the server goes into the page through
// these as text nodes or attribute values, never as markup, so feed content
// cannot inject elements, scripts or styles.

const SVG_NS = "http://www.w3.org/2000/svg";

// h builds an HTML element: h("a", {href, class: "x", on: {click: fn}},
// "text", node, [more], null). Attributes with null, undefined or false
// values are left out; true sets an empty attribute.
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// s is h for SVG elements.
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs = {}, children = []) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "on") {
      for (const [ev, fn] of Object.entries(value)) {
        el.addEventListener(ev, fn);
      }
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, "");
    } else if (value !== null && value !== undefined && value !== false) {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

// append adds children: strings become text nodes; arrays are flattened;
// null and undefined are skipped.
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
  return el;
}

// replace empties el and appends children, keeping keyboard focus on the
// element with the same data-focus-key if it was inside el, so re-rendering
// a list under the user's fingers does not throw them back to the top of
// the page.
export function replace(el, ...children) {
  const active = document.activeElement;
  const key = active && el.contains(active) ? active.dataset.focusKey : undefined;
  el.replaceChildren();
  append(el, children);
  if (key !== undefined) {
    const again = el.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (again) {
      again.focus({ preventScroll: true });
    }
  }
  return el;
}
