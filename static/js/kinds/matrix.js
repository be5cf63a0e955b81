/* The 2×2 strategy map: place each theme by tapping or dragging on the grid, or with two
   sliders (keyboard and screen-reader friendly). Results: each theme at its mean position with a
   cross of one standard deviation each way, and how many placed it in each quadrant.

   Placing is unambiguous: while a theme that has no place yet is selected, a tap anywhere on the
   map (on another dot too) places that theme there, and the next unplaced theme is selected. To
   move a placed theme, select it first (its name under the map, or its dot when no unplaced
   theme is selected), then tap or drag. */
"use strict";

(function () {
const SVG = "http://www.w3.org/2000/svg";
const DRAG_THRESHOLD = 6;  // px a pointer moves before a tap on a dot becomes a drag

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function round(value) {
  return Math.round(Math.max(0, Math.min(100, value)) * 10) / 10;
}

/** The part of an axis (0–100) the map shows: all of it, or, when the dots cluster, a window
    of at least 30 around them on multiples of 5. */
function shownRange(values) {
  if (!values.length) return [0, 100];
  let low = Math.max(0, Math.floor((Math.min(...values) - 5) / 5) * 5);
  let high = Math.min(100, Math.ceil((Math.max(...values) + 5) / 5) * 5);
  while (high - low < 30) {
    if (low > 0) low -= 5;
    if (high - low < 30 && high < 100) high += 5;
  }
  return high - low > 70 ? [0, 100] : [low, high];
}

function ticks(low, high) {
  const step = high - low <= 35 ? 5 : high - low <= 60 ? 10 : 25;
  const values = [];
  for (let value = Math.ceil(low / step) * step; value <= high; value += step) values.push(value);
  return values;
}

const measure = document.createElement("canvas").getContext("2d");

/** The width of a bold text in SVG units at font size `font` (measured, so it works while hidden). */
function textWidth(text, font, container) {
  measure.font = `700 ${font}px ${getComputedStyle(container).fontFamily}`;
  return measure.measureText(text).width;
}

/** The text, cut with "…" so that it is at most `width` wide. */
function fitLine(text, width, font, container) {
  if (textWidth(text, font, container) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(cut + "…", font, container) > width) cut = cut.slice(0, -1);
  return cut.trimEnd() + "…";
}

/** A label in at most two lines of at most `width`; the second is cut with "…" when needed. */
function wrapLabel(label, width, font, container) {
  const words = label.split(/\s+/);
  const lines = [];
  let line = "";
  words.forEach((word) => {
    const next = line ? line + " " + word : word;
    if (line && textWidth(next, font, container) > width) { lines.push(line); line = word; }
    else line = next;
  });
  lines.push(line);
  const kept = lines.slice(0, 2);
  if (lines.length > 2) kept[1] = kept[1] + " " + lines.slice(2).join(" ");
  return kept.map((text) => fitLine(text, width, font, container));
}

/** The dots' centres, nudged apart just enough where two would overlap, so that every number
    stays readable; kept inside `bounds`. */
function apart(centres, radius, bounds) {
  const points = centres.map(([x, y]) => [x, y]);
  const [x0, y0, x1, y1] = bounds;
  for (let round = 0; round < 40; round++) {
    let moved = false;
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const dx = points[j][0] - points[i][0], dy = points[j][1] - points[i][1];
        const distance = Math.hypot(dx, dy);
        if (distance >= 2 * radius) continue;
        // Identical positions part sideways; otherwise along the line between them.
        const [ux, uy] = distance > 0.01 ? [dx / distance, dy / distance] : [1, 0];
        const push = (2 * radius - distance) / 2 + 0.5;
        points[i][0] -= ux * push; points[i][1] -= uy * push;
        points[j][0] += ux * push; points[j][1] += uy * push;
        moved = true;
      }
    }
    points.forEach((point) => {
      point[0] = Math.max(x0 + radius, Math.min(x1 - radius, point[0]));
      point[1] = Math.max(y0 + radius, Math.min(y1 - radius, point[1]));
    });
    if (!moved) break;
  }
  return points;
}

/** Whether the segments a–b and c–d cross. */
function crosses(ax, ay, bx, by, cx, cy, dx, dy) {
  const side = (px, py, qx, qy, rx, ry) => Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  return side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) < 0 &&
    side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) < 0;
}

/**
 * Boxes {x, y, w, h, far} for the labels of dots at `centres`: next to the dot (right, left,
 * above, below, diagonals), else further out (far: drawn with a leader line that crosses no
 * dot, label or other leader), where a box covers no other label and no dot and stays inside
 * `bounds` [x0, y0, x1, y1], and no leader line runs through it. null where no place is free:
 * the dot's number still leads to the legend.
 */
function placeLabels(centres, sizes, radius, bounds) {
  const [bx0, by0, bx1, by1] = bounds;
  const dots = centres.map(([cx, cy]) => ({ x: cx - radius - 3, y: cy - radius - 3, w: 2 * radius + 6, h: 2 * radius + 6 }));
  const placed = [];
  const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  // Crowded dots first: they have the fewest free places.
  const crowd = centres.map(([cx, cy]) => centres.filter(([ox, oy]) => Math.hypot(ox - cx, oy - cy) < 250).length);
  const order = centres.map((_, index) => index).sort((a, b) => crowd[b] - crowd[a] || a - b);
  const result = centres.map(() => null);
  const leaders = [];
  const inside = (x, y, box) => x > box.x && x < box.x + box.w && y > box.y && y < box.y + box.h;
  const runsThrough = ([ax, ay, bx, by], box) => {
    for (let step = 1; step < 24; step++) {
      if (inside(ax + ((bx - ax) * step) / 24, ay + ((by - ay) * step) / 24, box)) return true;
    }
    return false;
  };
  // A leader line crosses no other dot, no placed label and no other leader line.
  function leaderIsClear(cx, cy, box, index) {
    const px = Math.max(box.x, Math.min(box.x + box.w, cx)), py = Math.max(box.y, Math.min(box.y + box.h, cy));
    for (let step = 1; step < 24; step++) {
      const x = cx + ((px - cx) * step) / 24, y = cy + ((py - cy) * step) / 24;
      if (dots.some((dot, other) => other !== index && inside(x, y, dot))) return false;
      if (placed.some((other) => inside(x, y, other))) return false;
    }
    return !leaders.some(([ax, ay, bx, by]) => crosses(cx, cy, px, py, ax, ay, bx, by));
  }
  order.forEach((index) => {
    const [cx, cy] = centres[index];
    const [w, h] = sizes[index];
    for (const distance of [radius + 6, radius + 40, radius + 80, radius + 130, radius + 180]) {
      const d = distance, k = distance * 0.71;
      const candidates = [
        [cx + d, cy - h / 2], [cx - d - w, cy - h / 2], [cx - w / 2, cy - d - h], [cx - w / 2, cy + d],
        [cx + k, cy - k - h], [cx + k, cy + k], [cx - k - w, cy - k - h], [cx - k - w, cy + k],
        [cx + d, cy - h], [cx + d, cy], [cx - d - w, cy - h], [cx - d - w, cy],
      ];
      const found = candidates.map(([x, y]) => ({ x, y, w, h, far: distance > radius + 6 })).find((box) =>
        box.x >= bx0 && box.y >= by0 && box.x + box.w <= bx1 && box.y + box.h <= by1 &&
        !placed.some((other) => overlaps(box, other)) && !dots.some((dot) => overlaps(box, dot)) &&
        !leaders.some((leader) => runsThrough(leader, box)) && (!box.far || leaderIsClear(cx, cy, box, index)));
      if (found) {
        if (found.far) {
          leaders.push([cx, cy, Math.max(found.x, Math.min(found.x + found.w, cx)), Math.max(found.y, Math.min(found.y + found.h, cy))]);
        }
        placed.push(found);
        result[index] = found;
        return;
      }
    }
  });
  return result;
}

App.kinds.matrix = {
  renderAnswer(container, activity, answer, disabled) {
    const config = activity.config;
    const items = App.orderItems(activity);
    const numbers = new Map(config.items.map((item, index) => [String(item.id), index + 1]));
    const positions = App.knownOnly(activity, (answer && answer.positions) || {});
    const unplaced = () => items.filter((item) => !positions[String(item.id)]);
    const firstUnplaced = () => (unplaced()[0] ? String(unplaced()[0].id) : null);
    let current = firstUnplaced();

    // The map comes first and keeps its place while the list of themes below it shrinks.
    container.textContent = "";
    container.appendChild(App.el("p", "hint", App.t("matrix_instructions")));
    const currentName = App.el("p", "matrix-current");
    currentName.setAttribute("aria-live", "polite");
    container.appendChild(currentName);

    const figure = App.el("div", "matrix-input");
    const grid = App.el("div", "matrix-grid");
    grid.setAttribute("aria-hidden", "true");  // the theme buttons and sliders are the accessible way
    grid.appendChild(App.el("span", "axis-y", config.y_label + (config.y_high ? " ↑ " + config.y_high : "")));
    grid.appendChild(App.el("span", "axis-x", config.x_label + (config.x_high ? " → " + config.x_high : "")));
    figure.appendChild(grid);
    container.appendChild(figure);

    const left = App.el("p", "matrix-left");
    container.appendChild(left);
    const toPlace = App.el("div", "matrix-chips to-place");
    toPlace.setAttribute("role", "group");
    toPlace.setAttribute("aria-label", App.t("matrix_to_place"));
    container.appendChild(toPlace);
    const placedTitle = App.el("p", "matrix-placed-title", App.t("matrix_placed"));
    container.appendChild(placedTitle);
    const placed = App.el("div", "matrix-chips placed");
    placed.setAttribute("role", "group");
    placed.setAttribute("aria-label", App.t("matrix_placed"));
    container.appendChild(placed);

    const sliders = App.el("div", "matrix-sliders");
    const sliderName = App.el("p", "matrix-slider-name");
    sliders.appendChild(sliderName);
    const makeSlider = (axis, label) => {
      const wrap = App.el("label", "slider");
      wrap.appendChild(App.el("span", "", label));
      const input = document.createElement("input");
      input.type = "range";
      input.min = "0";
      input.max = "100";
      input.step = "1";
      input.addEventListener("input", () => {
        if (!current) return;
        const position = positions[current] || [50, 50];
        position[axis] = Number(input.value);
        positions[current] = [round(position[0]), round(position[1])];
        draw();
      });
      wrap.appendChild(input);
      sliders.appendChild(wrap);
      return input;
    };
    const xSlider = makeSlider(0, config.x_label);
    const ySlider = makeSlider(1, config.y_label);
    container.appendChild(sliders);

    function select(id) {
      current = id;
      draw();
    }

    function chip(item) {
      const id = String(item.id);
      const button = App.el("button", "matrix-chip" + (positions[id] ? " placed" : ""));
      button.type = "button";
      button.dataset.id = id;
      button.disabled = disabled;
      button.setAttribute("aria-pressed", String(id === current));
      button.appendChild(App.el("span", "marker", String(numbers.get(id))));
      button.appendChild(App.el("span", "", item.label));
      button.addEventListener("click", () => select(id));
      return button;
    }

    function draw() {
      // The chips are drawn again; a keyboard's focus on one must survive that (WCAG 2.4.3).
      const active = document.activeElement;
      const focusedChip = active && active.classList.contains("matrix-chip") && container.contains(active) ? active.dataset.id : null;
      const remaining = unplaced();
      left.textContent = App.t("matrix_left", { n: remaining.length, total: items.length });
      left.hidden = !remaining.length;
      toPlace.textContent = "";
      remaining.forEach((item) => toPlace.appendChild(chip(item)));
      toPlace.hidden = !remaining.length;
      placed.textContent = "";
      items.filter((item) => positions[String(item.id)]).forEach((item) => placed.appendChild(chip(item)));
      placedTitle.hidden = placed.hidden = !placed.children.length;
      if (focusedChip) {
        const again = container.querySelector(`.matrix-chip[data-id="${focusedChip}"]`);
        if (again) again.focus();
      }

      grid.querySelectorAll(".matrix-dot").forEach((dot) => dot.remove());
      items.forEach((item) => {
        const id = String(item.id);
        if (!positions[id]) return;
        const [x, y] = positions[id];
        const dot = App.el("span", "matrix-dot" + (id === current ? " current" : "") + (x >= 50 ? " label-left" : ""));
        dot.dataset.id = id;
        dot.appendChild(App.el("span", "matrix-dot-number", String(numbers.get(id))));
        dot.appendChild(App.el("span", "matrix-dot-label", item.label));
        dot.style.left = x + "%";
        dot.style.top = 100 - y + "%";
        grid.appendChild(dot);
      });

      const item = items.find((candidate) => String(candidate.id) === current);
      currentName.textContent = item
        ? App.t(positions[current] ? "moving" : "placing", { theme: item.label })
        : (remaining.length ? App.t("choose_a_theme") : App.t("matrix_all_placed"));
      sliderName.textContent = item ? currentName.textContent : App.t("choose_theme_for_sliders");
      const position = positions[current] || [50, 50];
      xSlider.value = String(position[0]);
      ySlider.value = String(position[1]);
      xSlider.disabled = ySlider.disabled = disabled || !item;
      xSlider.setAttribute("aria-valuetext", App.formatNumber(position[0]) + " " + config.x_label);
      ySlider.setAttribute("aria-valuetext", App.formatNumber(position[1]) + " " + config.y_label);
    }

    function placeAt(id, event) {
      const box = grid.getBoundingClientRect();
      positions[id] = [round(((event.clientX - box.left) / box.width) * 100), round(100 - ((event.clientY - box.top) / box.height) * 100)];
    }

    /** Follow the pointer with theme `id`. With `atOnce`, the theme jumps to where the pointer went
        down (a tap places it); otherwise it moves only once the pointer has really moved (a tap
        on a dot just selects it). */
    function follow(event, id, atOnce) {
      event.preventDefault();
      const start = { x: event.clientX, y: event.clientY };
      let moved = atOnce;
      if (atOnce) placeAt(id, event);
      draw();
      const onMove = (moveEvent) => {
        if (!moved && Math.hypot(moveEvent.clientX - start.x, moveEvent.clientY - start.y) < DRAG_THRESHOLD) return;
        moved = true;
        placeAt(id, moveEvent);
        draw();
      };
      const onUp = () => {
        document.removeEventListener("pointermove", onMove);
        document.removeEventListener("pointerup", onUp);
        document.removeEventListener("pointercancel", onUp);
        // Placed or moved: go on with the next theme that has no place yet.
        if (moved) current = firstUnplaced() || id;
        draw();
      };
      document.addEventListener("pointermove", onMove);
      document.addEventListener("pointerup", onUp);
      document.addEventListener("pointercancel", onUp);
    }

    grid.addEventListener("pointerdown", (event) => {
      if (disabled) return;
      const dot = event.target.closest(".matrix-dot");
      const placingNew = current && !positions[current];
      if (dot && !placingNew) {
        current = dot.dataset.id;  // select this placed theme; dragging moves it
        follow(event, current, false);
      } else if (current) {
        follow(event, current, true);
      }
    });
    draw();
    return () => ({ positions: Object.assign({}, positions) });
  },

  /** Said with "saved" when themes were left off the map: they do not count. */
  savedNote(answer, activity) {
    const left = activity.config.items.filter((item) => !answer.positions[String(item.id)]).length;
    return left ? App.t("matrix_unplaced_note", { n: left }) : "";
  },

  isComplete(answer) {
    return Object.keys(answer.positions).length > 0;
  },

  incompleteMessage() {
    return App.t("place_at_least_one");
  },

  /**
   * The room's map: each theme at its mean position as a numbered dot with a cross of one
   * standard deviation each way. When the dots cluster, the map zooms to where they are (the
   * ticks say which values are shown). Names are placed next to their dots where they collide
   * with nothing (with a leader line when a bit further away); the legend names every number.
   * With options.screen the legend is compact (number, name, divided badge), for the projector.
   */
  renderResults(container, activity, results, options) {
    const config = activity.config;
    const numbers = new Map(config.items.map((item, index) => [item.id, index + 1]));
    container.textContent = "";
    const placed = results.themes.filter((theme) => theme.n > 0);
    const [x0, x1] = shownRange(placed.map((theme) => theme.mean_x));
    const [y0, y1] = shownRange(placed.map((theme) => theme.mean_y));
    const size = 1000, left = 96, top = 14, plot = 870, right = left + plot, bottom = top + plot;
    const sx = (value) => left + (plot * (Math.max(x0, Math.min(x1, value)) - x0)) / (x1 - x0);
    const sy = (value) => bottom - (plot * (Math.max(y0, Math.min(y1, value)) - y0)) / (y1 - y0);
    const map = svg("svg", { viewBox: `0 0 ${size} ${size}`, class: "strategy-map", role: "img",
      "aria-label": App.t("map_label", { x: config.x_label, y: config.y_label }) });
    map.appendChild(svg("rect", { x: left, y: top, width: plot, height: plot, class: "map-frame" }));
    if (x0 < 50 && 50 < x1) map.appendChild(svg("line", { x1: sx(50), y1: top, x2: sx(50), y2: bottom, class: "map-divider" }));
    if (y0 < 50 && 50 < y1) map.appendChild(svg("line", { x1: left, y1: sy(50), x2: right, y2: sy(50), class: "map-divider" }));
    ticks(x0, x1).forEach((value) => map.appendChild(svg("text", { x: sx(value), y: bottom + 42, class: "map-tick", "text-anchor": "middle" }, String(value))));
    ticks(y0, y1).forEach((value) => map.appendChild(svg("text", { x: left - 10, y: sy(value) + 9, class: "map-tick", "text-anchor": "end" }, String(value))));
    const axisFont = 30;
    map.appendChild(svg("text", { x: left + plot / 2, y: size - 18, class: "map-axis", "text-anchor": "middle" },
      fitLine(`${config.x_low || ""} ← ${config.x_label} → ${config.x_high || ""}`.trim(), plot, axisFont, container)));
    map.appendChild(svg("text", { x: 30, y: top + plot / 2, class: "map-axis", "text-anchor": "middle", transform: `rotate(-90 30 ${top + plot / 2})` },
      fitLine(`${config.y_low || ""} ← ${config.y_label} → ${config.y_high || ""}`.trim(), plot, axisFont, container)));

    const radius = 24;
    const centres = apart(placed.map((theme) => [sx(theme.mean_x), sy(theme.mean_y)]), radius + 2, [left, top, right, bottom]);
    placed.forEach((theme, index) => {
      const [x, y] = centres[index];
      const group = svg("g", { class: "map-spreads" });
      const xl = sx(theme.mean_x - (theme.sd_x || 0)), xh = sx(theme.mean_x + (theme.sd_x || 0));
      const yl = sy(theme.mean_y - (theme.sd_y || 0)), yh = sy(theme.mean_y + (theme.sd_y || 0));
      group.appendChild(svg("line", { x1: xl, y1: y, x2: xh, y2: y, class: "map-spread" }));
      group.appendChild(svg("line", { x1: x, y1: yl, x2: x, y2: yh, class: "map-spread" }));
      map.appendChild(group);
    });
    const labelFont = 34, lineHeight = 38;
    const texts = placed.map((theme) => wrapLabel(theme.label, 300, labelFont, container));
    const sizes = texts.map((lines) => [Math.max(...lines.map((line) => textWidth(line, labelFont, container))) + 8, lines.length * lineHeight + 4]);
    const boxes = placeLabels(centres, sizes, radius, [left + 4, top + 4, right - 4, bottom - 4]);
    placed.forEach((theme, index) => {
      const box = boxes[index];
      if (!box) return;
      const [x, y] = centres[index];
      if (box.far) {
        // A leader line from the dot's edge to the nearest point of the label.
        const px = Math.max(box.x, Math.min(box.x + box.w, x)), py = Math.max(box.y, Math.min(box.y + box.h, y));
        const length = Math.hypot(px - x, py - y) || 1;
        map.appendChild(svg("line", { x1: x + ((px - x) * radius) / length, y1: y + ((py - y) * radius) / length, x2: px, y2: py, class: "map-leader" }));
      }
      const text = svg("text", { x: box.x + 4, y: box.y + lineHeight - 8, class: "map-label" });
      texts[index].forEach((line, number) => text.appendChild(svg("tspan", { x: box.x + 4, dy: number ? lineHeight : 0 }, line)));
      map.appendChild(text);
    });
    placed.forEach((theme, index) => {
      const [x, y] = centres[index];
      const group = svg("g", { class: "map-theme" + (theme.divided ? " divided" : "") });
      group.appendChild(svg("circle", { cx: x, cy: y, r: radius, class: "map-dot" }));
      group.appendChild(svg("text", { x: x, y: y + 9, class: "map-number", "text-anchor": "middle" }, String(numbers.get(theme.id))));
      map.appendChild(group);
    });
    container.appendChild(map);

    const legend = App.el("div", "map-key");
    if (x1 - x0 < 100 || y1 - y0 < 100) legend.appendChild(App.el("p", "hint map-zoom", App.t("map_zoomed", { x0, x1, y0, y1 })));
    const list = App.el("ol", "map-legend" + (options && options.screen ? " compact" : ""));
    results.themes.forEach((theme) => {
      const row = App.el("li", "");
      row.appendChild(App.el("span", "marker", String(numbers.get(theme.id))));
      row.appendChild(App.el("span", "item-label", theme.label));
      if (!(options && options.screen)) {
        const q = theme.quadrants;
        row.appendChild(App.el("span", "theme-detail", theme.n
          ? App.t("matrix_detail", { n: theme.n, hh: q.high_high, lh: q.low_high, hl: q.high_low, ll: q.low_low })
          : App.t("not_placed")));
        App.agreementNodes(theme).forEach((node) => row.appendChild(node));
      } else if (theme.divided) {
        row.appendChild(App.el("span", "badge divided", "⇆"));
      } else if (!theme.n) {
        row.appendChild(App.el("span", "theme-detail", App.t("not_placed")));
      }
      list.appendChild(row);
    });
    legend.appendChild(list);
    container.appendChild(legend);
  },
};
})();
