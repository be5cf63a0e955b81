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
      const remaining = unplaced();
      left.textContent = App.t("matrix_left", { n: remaining.length, total: items.length });
      left.hidden = !remaining.length;
      toPlace.textContent = "";
      remaining.forEach((item) => toPlace.appendChild(chip(item)));
      toPlace.hidden = !remaining.length;
      placed.textContent = "";
      items.filter((item) => positions[String(item.id)]).forEach((item) => placed.appendChild(chip(item)));
      placedTitle.hidden = placed.hidden = !placed.children.length;

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

  renderResults(container, activity, results, options) {
    const config = activity.config;
    const numbers = new Map(config.items.map((item, index) => [item.id, index + 1]));
    container.textContent = "";
    const size = 1000;
    const pad = 70;
    const scale = (value) => pad + ((size - 2 * pad) * value) / 100;
    const map = svg("svg", { viewBox: `0 0 ${size} ${size}`, class: "strategy-map", role: "img",
      "aria-label": App.t("map_label", { x: config.x_label, y: config.y_label }) });
    map.appendChild(svg("rect", { x: pad, y: pad, width: size - 2 * pad, height: size - 2 * pad, class: "map-frame" }));
    map.appendChild(svg("line", { x1: scale(50), y1: pad, x2: scale(50), y2: size - pad, class: "map-divider" }));
    map.appendChild(svg("line", { x1: pad, y1: scale(50), x2: size - pad, y2: scale(50), class: "map-divider" }));
    map.appendChild(svg("text", { x: size / 2, y: size - 18, class: "map-axis", "text-anchor": "middle" },
      `${config.x_low || ""} ← ${config.x_label} → ${config.x_high || ""}`.trim()));
    map.appendChild(svg("text", { x: 28, y: size / 2, class: "map-axis", "text-anchor": "middle", transform: `rotate(-90 28 ${size / 2})` },
      `${config.y_low || ""} ← ${config.y_label} → ${config.y_high || ""}`.trim()));
    results.themes.filter((theme) => theme.n > 0).forEach((theme) => {
      const x = scale(theme.mean_x);
      const y = scale(100 - theme.mean_y);
      const group = svg("g", { class: "map-theme" + (theme.divided ? " divided" : "") });
      const dx = ((size - 2 * pad) * (theme.sd_x || 0)) / 100;
      const dy = ((size - 2 * pad) * (theme.sd_y || 0)) / 100;
      group.appendChild(svg("line", { x1: x - dx, y1: y, x2: x + dx, y2: y, class: "map-spread" }));
      group.appendChild(svg("line", { x1: x, y1: y - dy, x2: x, y2: y + dy, class: "map-spread" }));
      group.appendChild(svg("circle", { cx: x, cy: y, r: 26, class: "map-dot" }));
      group.appendChild(svg("text", { x: x, y: y + 10, class: "map-number", "text-anchor": "middle" }, String(numbers.get(theme.id))));
      // Labels point towards the middle, so they stay inside the map.
      const right = theme.mean_x < 50;
      group.appendChild(svg("text", { x: right ? x + 34 : x - 34, y: y + 12, class: "map-label", "text-anchor": right ? "start" : "end" }, theme.label));
      map.appendChild(group);
    });
    container.appendChild(map);

    const legend = App.el("ol", "map-legend");
    results.themes.forEach((theme) => {
      const row = App.el("li", "");
      row.appendChild(App.el("span", "marker", String(numbers.get(theme.id))));
      row.appendChild(App.el("span", "item-label", theme.label));
      const q = theme.quadrants;
      row.appendChild(App.el("span", "theme-detail", theme.n
        ? App.t("matrix_detail", { n: theme.n, hh: q.high_high, lh: q.low_high, hl: q.high_low, ll: q.low_low })
        : App.t("not_placed")));
      App.agreementNodes(theme).forEach((node) => row.appendChild(node));
      legend.appendChild(row);
    });
    container.appendChild(legend);
  },
};
})();
