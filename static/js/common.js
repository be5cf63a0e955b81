/* Shared by the phone, dashboard and screen pages: page data, texts, the socket, result bars.
   No framework; every text a person reads comes translated from the server (page-data). */
"use strict";

window.App = (function () {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  // Live pages get their texts from their bundle (web/bundles.py); others in their page data.
  const strings = window.APP_STRINGS || data.strings || {};

  /** The translated text for key, with {placeholders} filled from params. With n === 1, the
      singular form key + "_one" is used where there is one. */
  function t(key, params) {
    const singular = params && params.n === 1 && strings[key + "_one"];
    let text = singular || strings[key] || key;
    Object.entries(params || {}).forEach(([name, value]) => {
      // split/join, not replace: a typed "$&" in a value must stay as typed.
      text = text.split("{" + name + "}").join(String(value));
    });
    return text;
  }

  /** A random id for a request, so that a resent request is recognised (works without https). */
  function requestId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** Open the page's Socket.IO connection. Reconnects by itself with growing, jittered delays. */
  function connect(auth) {
    return io({
      auth: auth,
      transports: ["websocket", "polling"],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      randomizationFactor: 0.5,
    });
  }

  /** Emit with an acknowledgement; resolves to the ack, or rejects after timeoutMs. */
  function request(socket, event, payload, timeoutMs) {
    return new Promise((resolve, reject) => {
      socket.timeout(timeoutMs || 8000).emit(event, payload, (err, ack) => {
        if (err) reject(err);
        else resolve(ack);
      });
    });
  }

  /** Show the connection state in an element with data-state. */
  function showConnection(element, state) {
    if (!element) return;
    element.dataset.state = state;
    element.textContent = t(state);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * Rows of a result list keyed by row.key: the list's children become exactly one item per row,
   * in the rows' order, reusing the item of the same key (so its bar grows smoothly) and making
   * new ones with make(). Items that move are animated from where they were (when motion is
   * allowed). Returns the items in order.
   */
  function keyedItems(list, rows, make) {
    const before = new Map();
    const byKey = new Map();
    Array.from(list.children).forEach((item) => {
      byKey.set(item.dataset.key, item);
      before.set(item.dataset.key, item.getBoundingClientRect().top);
    });
    const items = rows.map((row) => {
      let item = byKey.get(String(row.key));
      if (!item) {
        item = make();
        item.dataset.key = String(row.key);
      }
      byKey.delete(String(row.key));
      return item;
    });
    byKey.forEach((item) => item.remove());
    items.forEach((item, index) => { if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null); });
    if (before.size && !matchMedia("(prefers-reduced-motion: reduce)").matches) {
      items.forEach((item) => {
        const from = before.get(item.dataset.key);
        const shift = from === undefined ? 0 : from - item.getBoundingClientRect().top;
        if (Math.abs(shift) < 1) return;
        item.animate([{ transform: "translateY(" + shift + "px)" }, { transform: "none" }], { duration: 600, easing: "ease-out" });
      });
    }
    return items;
  }

  /** A bar row's parts: label, track with fill, value (and, for themes, a detail line). */
  function barItem(className, withDetail) {
    const item = el("li", className);
    item.appendChild(el("span", "bar-label"));
    const track = el("span", "bar-track");
    track.appendChild(el("span", "bar-fill"));
    item.appendChild(track);
    item.appendChild(el("span", "bar-value"));
    if (withDetail) item.appendChild(el("span", "theme-detail"));
    return item;
  }

  /**
   * Draw horizontal bars in container: rows = [{key, label, value}], in the given order. A bar is
   * as long as its share of the answers, and is labelled with its count and share. Every text is
   * written from rows on every call, so the view is always the current data's; a bar of the same
   * key is kept, so it grows smoothly.
   */
  function renderBars(container, rows, total) {
    let list = container.querySelector("ol.bars");
    if (!list) {
      container.textContent = "";
      list = el("ol", "bars");
      container.appendChild(list);
    }
    keyedItems(list, rows, () => barItem("bar-row", false)).forEach((item, index) => {
      const row = rows[index];
      const percent = total ? Math.round((100 * row.value) / total) : 0;
      item.querySelector(".bar-label").textContent = row.label;
      item.querySelector(".bar-fill").style.width = percent + "%";
      item.querySelector(".bar-value").textContent = row.value + " (" + percent + " %)";
    });
  }

  const numberFormat = new Intl.NumberFormat(document.documentElement.lang || "da", { maximumFractionDigits: 1 });
  const agreementFormat = new Intl.NumberFormat(document.documentElement.lang || "da", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  // Where the page loads a hyphenator (the screen: static/vendor/hyphen*.js), a Danish page's
  // long words get soft hyphens, so a narrow column breaks them at a syllable, with a hyphen.
  const hyphenator = (typeof createHyphenator === "function" && typeof hyphenationPatternsDa === "object"
    && (document.documentElement.lang || "da").startsWith("da"))
    ? createHyphenator(hyphenationPatternsDa, { minWordLength: 12 }) : null;

  /** `text` with soft hyphens in its long words where the page can hyphenate; else as it is. */
  function hyphenate(text) {
    return hyphenator ? hyphenator(String(text)) : text;
  }

  /** A number for people: one decimal at most, with the page language's decimal mark. */
  function formatNumber(value) {
    return value === null || value === undefined ? "–" : numberFormat.format(value);
  }

  /** The items in a stable random order for this phone (seeded), or as they are. */
  function orderItems(activity) {
    const items = activity.config.items.slice();
    if (!activity.config.shuffle) return items;
    let state = ((App.seed || 1) ^ (activity.id * 2654435761)) >>> 0;
    const random = () => {  // mulberry32
      state = (state + 0x6d2b79f5) >>> 0;
      let x = state;
      x = Math.imul(x ^ (x >>> 15), x | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** "agreement 0.62" and, for a divided room, a "divided" badge (words, not colour alone). */
  function agreementNodes(theme) {
    const nodes = [];
    if (theme.agreement !== null && theme.agreement !== undefined) {
      nodes.push(el("span", "agreement", t("agreement", { a: agreementFormat.format(theme.agreement) })));
    }
    if (theme.divided) nodes.push(el("span", "badge divided", "⇆ " + t("divided")));
    return nodes;
  }

  /** How a result list is sorted: "score" (the kind's own), "agreed", "divided", or "agenda".
      A theme whose agreement is unknown (fewer than two answers) sorts last either way: it is
      neither agreed nor divided. */
  function sortThemes(themes, order, score) {
    const list = themes.slice();
    const known = (theme) => theme.agreement !== null && theme.agreement !== undefined;
    const byAgreement = (direction) => (a, b) =>
      (known(b) - known(a)) || (known(a) ? direction * (a.agreement - b.agreement) : 0);
    if (order === "score") list.sort((a, b) => score(b) - score(a));
    else if (order === "agreed") list.sort(byAgreement(-1));
    else if (order === "divided") list.sort(byAgreement(1));
    return list;
  }

  /**
   * Theme results as labelled rows: rows = [{key, label, fraction (0..1), value, detail: [nodes]}],
   * in the given order. Labels (with their rank numbers), order, values and details are written
   * from rows on every call; a theme's row is kept across calls, so it moves and grows smoothly.
   */
  function renderThemeRows(container, rows) {
    let list = container.querySelector("ol.theme-results");
    if (!list) {
      container.textContent = "";
      list = el("ol", "theme-results");
      container.appendChild(list);
    }
    keyedItems(list, rows, () => barItem("theme-result", true)).forEach((item, index) => {
      const row = rows[index];
      item.querySelector(".bar-label").textContent = row.label;
      item.querySelector(".bar-fill").style.width = Math.max(0, Math.min(1, row.fraction || 0)) * 100 + "%";
      item.querySelector(".bar-value").textContent = row.value;
      const detail = item.querySelector(".theme-detail");
      detail.textContent = "";
      (row.detail || []).forEach((node) => detail.appendChild(typeof node === "string" ? el("span", "", node) : node));
    });
  }

  /** A copy of a saved per-theme answer without themes the activity no longer has, so that
      resending it is not refused for a theme removed in the meantime. */
  function knownOnly(activity, perTheme) {
    const known = new Set(activity.config.items.map((item) => String(item.id)));
    return Object.fromEntries(Object.entries(perTheme).filter(([id]) => known.has(id)));
  }

  /** Show an activity's countdown in `element` ("1:05"); it counts down by itself. */
  function showTimer(element, activity) {
    if (!element) return;
    if (activity && activity.timer_remaining !== null && activity.timer_remaining !== undefined) {
      element.dataset.endsAt = String(Date.now() + activity.timer_remaining * 1000);
      element.hidden = false;
    } else {
      delete element.dataset.endsAt;
      element.hidden = true;
    }
    tickTimers();
  }

  function tickTimers() {
    document.querySelectorAll("[data-ends-at]").forEach((element) => {
      const left = Math.max(0, Math.round((Number(element.dataset.endsAt) - Date.now()) / 1000));
      element.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      element.dataset.urgent = String(left <= 10);
      element.setAttribute("aria-label", t("time_left", { n: left }));
    });
  }
  setInterval(tickTimers, 1000);

  /**
   * Results as the kind draws them, or, when split by a segment question, one column per group
   * side by side (groups below the minimum size are held back and only counted).
   */
  function renderResultsOf(container, activity, results, options) {
    const kind = App.kinds[activity.kind];
    if (!results.split) {
      if (container.classList.contains("split")) { container.textContent = ""; container.classList.remove("split"); }
      return kind.renderResults(container, activity, results, options);
    }
    container.classList.add("split");
    container.textContent = "";
    const heading = el("p", "split-heading", t("split_by", { question: results.split.question }));
    container.appendChild(heading);
    const columns = el("div", "split-columns");
    results.split.groups.forEach((group) => {
      const column = el("section", "split-column");
      // Under the screen's h1 a group is an h2; under the dashboard's and the phone's h2, an h3.
      column.appendChild(el(options && options.screen ? "h2" : "h3", "split-group", group.label + " · " + t("answers", { n: group.n })));
      const chart = el("div", "chart");
      column.appendChild(chart);
      columns.appendChild(column);
      kind.renderResults(chart, activity, group.results, options);
    });
    container.appendChild(columns);
    const split = results.split;
    if (!split.groups.length) {
      container.appendChild(el("p", "empty", t(split.protected ? "no_group_protected" : "no_group_big_enough", { n: split.min_size })));
    } else if (split.held_back) {
      container.appendChild(el("p", "hint", t(split.protected ? "held_back_protected" : "held_back", { n: split.held_back, min: split.min_size })));
    }
  }

  return {
    data, t, requestId, connect, request, showConnection, el, renderBars, formatNumber, orderItems, knownOnly,
    showTimer, renderResultsOf,
    agreementNodes, sortThemes, renderThemeRows, hyphenate, kinds: {}, seed: 1,
  };
})();
