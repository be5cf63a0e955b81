/* Points (or dots): share a budget between the themes. The phone shows what is left and cannot
   overspend; the server checks the same rules. */
"use strict";

(function () {
App.kinds.points = {
  renderAnswer(container, activity, answer, disabled) {
    const config = activity.config;
    const points = App.knownOnly(activity, (answer && answer.points) || {});
    const cap = config.max_per_theme || config.budget;
    container.textContent = "";
    const left = App.el("p", "points-left");
    left.setAttribute("aria-live", "polite");
    container.appendChild(left);
    const rows = [];
    const spent = () => Object.values(points).reduce((sum, value) => sum + value, 0);

    function refresh() {
      const remaining = config.budget - spent();
      left.textContent = App.t(config.style === "dots" ? "dots_left" : "points_left", { n: remaining, total: config.budget });
      left.dataset.state = remaining === 0 ? "done" : "";
      rows.forEach(({ item, minus, plus, output, dots }) => {
        const value = points[item.id] || 0;
        output.value = String(value);
        minus.disabled = disabled || value === 0;
        plus.disabled = disabled || remaining === 0 || value >= cap;
        if (dots) dots.textContent = "●".repeat(value);
      });
    }

    function change(item, delta) {
      const current = points[item.id] || 0;
      const remaining = config.budget - spent();
      const next = Math.max(0, Math.min(cap, current + Math.min(delta, remaining)));
      if (next === 0) delete points[item.id];
      else points[item.id] = next;
      refresh();
    }

    const step = config.style === "dots" || config.budget <= 20 ? 1 : 5;
    App.orderItems(activity).forEach((item) => {
      const row = App.el("div", "points-item");
      const text = App.el("div", "points-text");
      text.appendChild(App.el("span", "item-label", item.label));
      if (item.description) text.appendChild(App.el("span", "hint", item.description));
      row.appendChild(text);
      const controls = App.el("div", "points-controls");
      const minus = App.el("button", "stepper", "−");
      minus.type = "button";
      minus.setAttribute("aria-label", App.t("less_for", { theme: item.label }));
      const output = document.createElement("input");
      output.type = "number";
      output.inputMode = "numeric";
      output.min = "0";
      output.max = String(cap);
      output.className = "points-value";
      output.setAttribute("aria-label", App.t("points_for", { theme: item.label }));
      output.disabled = disabled;
      const plus = App.el("button", "stepper", "+");
      plus.type = "button";
      plus.setAttribute("aria-label", App.t("more_for", { theme: item.label }));
      minus.addEventListener("click", () => change(item, -step));
      plus.addEventListener("click", () => change(item, step));
      output.addEventListener("change", () => {
        const wanted = Math.max(0, Math.floor(Number(output.value) || 0));
        change(item, wanted - (points[item.id] || 0));
      });
      controls.append(minus, output, plus);
      row.appendChild(controls);
      const dots = config.style === "dots" ? App.el("span", "dots", "") : null;
      if (dots) row.appendChild(dots);
      rows.push({ item, minus, plus, output, dots });
      container.appendChild(row);
    });
    refresh();
    return () => ({ points: Object.assign({}, points) });
  },

  isComplete(answer, activity) {
    const spent = Object.values(answer.points).reduce((sum, value) => sum + value, 0);
    return spent > 0 && (!activity.config.spend_all || spent === activity.config.budget);
  },

  incompleteMessage(activity) {
    return activity.config.spend_all ? App.t("spend_everything", { total: activity.config.budget }) : App.t("give_some_points");
  },

  renderResults(container, activity, results, options) {
    const sort = (options && options.sort) || "score";
    const themes = App.sortThemes(results.themes, sort, (theme) => theme.total);
    const maxTotal = Math.max(1, ...results.themes.map((theme) => theme.total));
    App.renderThemeRows(container, themes.map((theme) => ({
      key: String(theme.id),
      label: theme.label,
      fraction: theme.total / maxTotal,
      value: App.formatNumber(theme.total),
      detail: [
        App.t("points_detail", { mean: App.formatNumber(theme.mean), givers: theme.givers }),
        ...App.agreementNodes(theme),
      ],
    })));
  },
};
})();
