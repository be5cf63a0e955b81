/* The 2×2 strategy map: place each theme by tapping or dragging on the grid, or with two
   sliders (keyboard and screen-reader friendly). Results: each theme at its mean position with a
   cross of one standard deviation each way, and how many placed it in each quadrant. */
"use strict";

(function () {
const SVG = "http://www.w3.org/2000/svg";

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
    let current = String(items[0] ? items[0].id : "");

    container.textContent = "";
    container.appendChild(App.el("p", "hint", App.t("matrix_instructions")));
    const chips = App.el("div", "matrix-chips");
    chips.setAttribute("role", "group");
    chips.setAttribute("aria-label", App.t("themes"));
    container.appendChild(chips);

    const figure = App.el("div", "matrix-input");
    const grid = App.el("div", "matrix-grid");
    grid.setAttribute("aria-hidden", "true");  // the sliders below are the accessible way
    grid.appendChild(App.el("span", "axis-y", config.y_label + (config.y_high ? " ↑ " + config.y_high : "")));
    grid.appendChild(App.el("span", "axis-x", config.x_label + (config.x_high ? " → " + config.x_high : "")));
    figure.appendChild(grid);
    container.appendChild(figure);

    const sliders = App.el("div", "matrix-sliders");
    const currentName = App.el("p", "matrix-current");
    sliders.appendChild(currentName);
    const makeSlider = (axis, label) => {
      const wrap = App.el("label", "slider");
      wrap.appendChild(App.el("span", "", label));
      const input = document.createElement("input");
      input.type = "range";
      input.min = "0";
      input.max = "100";
      input.step = "1";
      input.disabled = disabled;
      input.addEventListener("input", () => {
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

    function draw() {
      chips.textContent = "";
      items.forEach((item) => {
        const id = String(item.id);
        const chip = App.el("button", "matrix-chip" + (positions[id] ? " placed" : ""));
        chip.type = "button";
        chip.setAttribute("aria-pressed", String(id === current));
        chip.appendChild(App.el("span", "marker", String(numbers.get(id))));
        chip.appendChild(App.el("span", "", item.label + (positions[id] ? " ✓" : "")));
        chip.addEventListener("click", () => select(id));
        chips.appendChild(chip);
      });
      grid.querySelectorAll(".matrix-dot").forEach((dot) => dot.remove());
      Object.entries(positions).forEach(([id, [x, y]]) => {
        if (!numbers.has(id)) return;
        const dot = App.el("span", "matrix-dot" + (id === current ? " current" : ""), String(numbers.get(id)));
        dot.style.left = x + "%";
        dot.style.top = 100 - y + "%";
        dot.addEventListener("pointerdown", (event) => { event.stopPropagation(); current = id; startDrag(event); });
        grid.appendChild(dot);
      });
      const item = items.find((candidate) => String(candidate.id) === current);
      currentName.textContent = item ? App.t("placing", { theme: item.label }) : "";
      const position = positions[current] || [50, 50];
      xSlider.value = String(position[0]);
      ySlider.value = String(position[1]);
      xSlider.setAttribute("aria-valuetext", App.formatNumber(position[0]) + " " + config.x_label);
      ySlider.setAttribute("aria-valuetext", App.formatNumber(position[1]) + " " + config.y_label);
    }

    function placeAt(event) {
      const box = grid.getBoundingClientRect();
      positions[current] = [round(((event.clientX - box.left) / box.width) * 100), round(100 - ((event.clientY - box.top) / box.height) * 100)];
    }

    function startDrag(event) {
      if (disabled) return;
      event.preventDefault();
      placeAt(event);
      draw();
      const onMove = (moveEvent) => { placeAt(moveEvent); draw(); };
      const onUp = () => {
        document.removeEventListener("pointermove", onMove);
        document.removeEventListener("pointerup", onUp);
        // Tapping on: go to the next theme that has no place yet.
        const next = items.find((item) => !positions[String(item.id)]);
        if (next) current = String(next.id);
        draw();
      };
      document.addEventListener("pointermove", onMove);
      document.addEventListener("pointerup", onUp);
    }

    grid.addEventListener("pointerdown", startDrag);
    draw();
    return () => ({ positions: Object.assign({}, positions) });
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
