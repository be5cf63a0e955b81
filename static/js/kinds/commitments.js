/* Our next steps: a participant picks a theme (large radio buttons) and writes one concrete step;
   their phone then lists their own steps with what moderation did to them. The screen shows the
   visible steps grouped under their themes, one wall the screen pages through (a theme's heading
   is an item of its own, repeated when a page starts inside its group). Everything typed is set
   as text, never as HTML. */
"use strict";

(function () {
/** A theme's name by its id (a string), or "(removed theme)" for one no longer in the activity. */
function themeLabel(activity, id) {
  const item = (activity.config.items || []).find((candidate) => String(candidate.id) === String(id));
  return item ? item.label : App.t("commitment_theme_removed");
}

/** The participant's own steps, each with its theme and, unless shown, its moderation status. */
function renderMine(list, activity, entries) {
  list.textContent = "";
  entries.forEach((entry) => {
    const item = App.el("li", "mine-entry");
    item.appendChild(App.el("span", "badge commitment-theme-badge", themeLabel(activity, entry.theme)));
    item.appendChild(App.el("span", "mine-text", entry.text));
    if (entry.status !== "visible") {
      item.appendChild(App.el("span", "badge hidden-results", App.t(entry.status === "pending" ? "waiting_for_review" : "not_shown")));
    }
    list.appendChild(item);
  });
}

App.kinds.commitments = Object.assign({}, App.collect.textEntry, {

  renderAnswer(container, activity, answer, disabled, context) {
    container.textContent = "";
    const themes = App.el("fieldset", "commitment-themes");
    themes.appendChild(App.el("legend", "item-label", App.t("commitment_choose_theme")));
    App.orderItems(activity).forEach((item) => {
      const label = App.el("label", "choice");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "commitment-theme";
      input.value = String(item.id);
      input.disabled = disabled;
      label.appendChild(input);
      label.appendChild(App.el("span", "choice-label", item.label));
      themes.appendChild(label);
    });
    container.appendChild(themes);
    const box = App.collect.compose(container, activity, disabled, App.t("commitment_your_step"));
    container.appendChild(App.el("p", "hint sent-count"));
    container.appendChild(App.el("h2", "mine-title after-send", App.t("commitment_yours")));
    container.appendChild(App.el("ol", "mine after-send"));
    this.update(container, activity, context);
    return () => {
      const chosen = themes.querySelector("input:checked");
      return { theme: chosen ? chosen.value : "", text: box.value };
    };
  },

  update(container, activity, context) {
    container.querySelector(".sent-count").textContent = this.sentCount(activity, context);
    container.querySelector(".mine-title").hidden = context.entries.length === 0;
    renderMine(container.querySelector(".mine"), activity, context.entries);
    const closed = activity.state !== "open" || this.limitReached(activity, context);
    container.querySelector(".entry-text").disabled = closed;
    container.querySelectorAll(".commitment-themes input").forEach((input) => { input.disabled = closed; });
  },

  isComplete(answer) {
    return Boolean(answer.theme) && answer.text.trim().length > 0;
  },

  incompleteMessage() {
    return App.t("commitment_incomplete");
  },

  sendLabel() {
    return App.t("commitment_send");
  },

  /** The visible steps as the dashboard's moderation lists them. */
  visibleEntries(results) {
    return (results.themes || []).flatMap((theme) => theme.commitments.map((commitment) =>
      Object.assign({ theme_label: theme.removed ? null : theme.label }, commitment)));
  },

  /** What the dashboard shows beside a step: its theme. */
  entryNote(entry) {
    return entry.theme_label || App.t("commitment_theme_removed");
  },

  renderResults(container, activity, results) {
    container.textContent = "";
    if (!results.responses) {
      container.appendChild(App.el("p", "empty", App.t("commitment_none_yet")));
      return;
    }
    const wall = App.el("ul", "commitment-wall pageable");
    (results.themes || []).forEach((theme) => {
      if (!theme.commitments.length) return;
      const heading = App.el("li", "commitment-theme page-heading");
      heading.appendChild(App.el("span", "commitment-theme-name", theme.removed ? App.t("commitment_theme_removed") : theme.label));
      heading.append(" ", App.el("span", "commitment-theme-count", "· " + theme.commitments.length));
      wall.appendChild(heading);
      theme.commitments.forEach((commitment) => wall.appendChild(App.el("li", "commitment-card", commitment.text)));
    });
    container.appendChild(wall);
  },
});
})();
