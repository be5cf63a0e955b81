/* Rating: each theme on the facilitator's scale, with an optional "don't know". */
"use strict";

(function () {
App.kinds.rating = {
  renderAnswer(container, activity, answer, disabled) {
    const config = activity.config;
    const ratings = App.knownOnly(activity, (answer && answer.ratings) || {});
    container.textContent = "";
    App.orderItems(activity).forEach((item) => {
      const group = App.el("fieldset", "rating-item");
      group.appendChild(App.el("legend", "item-label", item.label));
      if (item.description) group.appendChild(App.el("p", "hint", item.description));
      const scale = App.el("div", "scale");
      const values = [];
      for (let v = config.scale_min; v <= config.scale_max; v++) values.push(v);
      if (config.allow_dont_know) values.push("dont_know");
      values.forEach((value) => {
        const label = App.el("label", "scale-step" + (value === "dont_know" ? " dont-know" : ""));
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "rating-" + item.id;
        input.value = String(value);
        input.checked = ratings[item.id] !== undefined && String(ratings[item.id]) === String(value);
        input.disabled = disabled;
        input.addEventListener("change", () => { ratings[item.id] = value; });
        label.appendChild(input);
        label.appendChild(App.el("span", "", value === "dont_know" ? App.t("dont_know") : String(value)));
        scale.appendChild(label);
      });
      group.appendChild(scale);
      if (config.label_min || config.label_max) {
        const ends = App.el("p", "scale-ends");
        ends.appendChild(App.el("span", "", config.scale_min + " = " + (config.label_min || "")));
        ends.appendChild(App.el("span", "", config.scale_max + " = " + (config.label_max || "")));
        group.appendChild(ends);
      }
      container.appendChild(group);
    });
    return () => ({ ratings: Object.assign({}, ratings) });
  },

  isComplete(answer) {
    return Object.keys(answer.ratings).length > 0;
  },

  incompleteMessage() {
    return App.t("rate_at_least_one");
  },

  renderResults(container, activity, results, options) {
    const config = activity.config;
    const sort = (options && options.sort) || "score";
    const themes = App.sortThemes(results.themes, sort, (theme) => (theme.mean === null ? -1 : theme.mean));
    const span = config.scale_max - config.scale_min || 1;
    App.renderThemeRows(container, themes.map((theme) => ({
      key: String(theme.id),
      label: theme.label,
      fraction: theme.mean === null ? 0 : (theme.mean - config.scale_min) / span,
      value: App.formatNumber(theme.mean),
      detail: [
        App.t("rating_detail", { median: App.formatNumber(theme.median), n: theme.n }),
        ...(theme.dont_know ? [App.t("dont_know_count", { n: theme.dont_know })] : []),
        ...App.agreementNodes(theme),
        distribution(config, theme),
      ],
    })));
  },
};

/** A small column chart of how many gave each value, labelled for screen readers. */
function distribution(config, theme) {
  const chart = App.el("span", "distribution");
  const counts = [];
  for (let v = config.scale_min; v <= config.scale_max; v++) counts.push([v, theme.distribution[String(v)] || 0]);
  const max = Math.max(1, ...counts.map(([, c]) => c));
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", counts.map(([v, c]) => v + ": " + c).join(", "));
  counts.forEach(([value, count]) => {
    const column = App.el("span", "distribution-column");
    const bar = App.el("span", "distribution-bar");
    bar.style.height = (100 * count) / max + "%";
    column.appendChild(bar);
    column.appendChild(App.el("span", "distribution-value", String(value)));
    chart.appendChild(column);
  });
  return chart;
}
})();
