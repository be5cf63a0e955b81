/* Stance: on each theme, yes, no or not sure (the facilitator may rename the three). The phone
   shows three large buttons per theme (radio buttons: arrow keys move between them); the results
   are the share of yes among those who took a side ("–" when nobody did), with the three counts
   and agreement under the bar. */
"use strict";

(function () {
const CHOICES = ["yes", "no", "not_sure"];

/** The name of a choice as the facilitator set it, or the default in the page's language. */
function choiceLabel(config, choice) {
  return config[choice + "_label"] || App.t("stance_" + choice);
}

App.kinds.stance = {
  renderAnswer(container, activity, answer, disabled) {
    const config = activity.config;
    const stances = App.knownOnly(activity, (answer && answer.stances) || {});
    container.textContent = "";
    App.orderItems(activity).forEach((item) => {
      const group = App.el("fieldset", "rating-item stance-item");
      group.appendChild(App.el("legend", "item-label", item.label));
      if (item.description) group.appendChild(App.el("p", "hint", item.description));
      const choices = App.el("div", "scale stance-choices");
      CHOICES.forEach((choice) => {
        const label = App.el("label", "scale-step stance-choice");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "stance-" + item.id;
        input.value = choice;
        input.checked = stances[item.id] === choice;
        input.disabled = disabled;
        input.addEventListener("change", () => { stances[item.id] = choice; });
        label.appendChild(input);
        label.appendChild(App.el("span", "", choiceLabel(config, choice)));
        choices.appendChild(label);
      });
      group.appendChild(choices);
      container.appendChild(group);
    });
    return () => ({ stances: Object.assign({}, stances) });
  },

  isComplete(answer) {
    return Object.keys(answer.stances).length > 0;
  },

  incompleteMessage() {
    return App.t("stance_at_least_one");
  },

  renderResults(container, activity, results, options) {
    const config = activity.config;
    const sort = (options && options.sort) || "score";
    // Of equal shares, the theme more people answered first (as in the report).
    const listed = sort === "score" ? results.themes.slice().sort((a, b) => b.n - a.n) : results.themes;
    const themes = App.sortThemes(listed, sort, (theme) => (theme.share_yes === null ? -1 : theme.share_yes));
    App.renderThemeRows(container, themes.map((theme) => ({
      key: String(theme.id),
      label: theme.label,
      fraction: theme.share_yes === null ? 0 : theme.share_yes,
      // Short, to fit the screen's value column (a narrow no-break space keeps "100 %" on one
      // line); the counts under the bar say what it is made of.
      value: theme.share_yes === null ? "–" : Math.round(100 * theme.share_yes) + "%",
      detail: [
        CHOICES.map((choice) => choiceLabel(config, choice) + " " + theme[choice]).join(" · "),
        ...App.agreementNodes(theme),
      ],
    })));
  },
};
})();
