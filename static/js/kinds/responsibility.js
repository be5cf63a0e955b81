/* Who should lead: per theme, one of the facilitator's actors, "the local library" or
   "together". The phone shows each theme's choices as large radio buttons (every theme may be
   skipped); the results are a theme × lead heat map: a row per theme, a column per lead, each
   cell the count and share, shaded by share in five steps (words and numbers too, never colour
   alone), the most chosen marked ★, and the agreement per row. In a narrow column (a phone,
   a segment split) each theme is one bar: the share of its most chosen lead. */
"use strict";

(function () {
const shareFormat = (share) => Math.round(100 * share);
const agreementFormat = new Intl.NumberFormat(document.documentElement.lang || "da", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The choices offered, in order: [{id, label}], the fixed ones named in the page's language. */
function choicesOf(activity) {
  const config = activity.config;
  const list = (config.actors || []).map((actor) => ({ id: actor.id, label: actor.label }));
  if (config.local) list.push({ id: "local", label: App.t("lead_local") });
  if (config.together) list.push({ id: "together", label: App.t("lead_together") });
  return list;
}

/** The shading step of a share: 0 (nobody) and four steps up to 60 % or more. */
function heatStep(share) {
  if (!share) return 0;
  return share < 0.2 ? 1 : share < 0.4 ? 2 : share < 0.6 ? 3 : 4;
}

function leaderNames(theme, choices) {
  return theme.leaders.map((id) => (choices.find((choice) => choice.id === id) || { label: id }).label).join(" / ");
}

/** The themes in the chosen order: "score" keeps the themes' order (the grid reads like a table). */
function ordered(themes, sort) {
  if (sort === "agreed" || sort === "divided") return App.sortThemes(themes, sort, () => 0);
  return themes.slice();
}

function heatmap(container, activity, results, themes) {
  const choices = choicesOf(activity).filter((choice) => results.choices.includes(choice.id));
  const table = App.el("table", "heatmap");
  table.appendChild(App.el("caption", "", App.t("lead_heatmap")));
  const head = App.el("thead", "");
  const headRow = App.el("tr", "");
  const corner = App.el("th", "heat-theme", App.t("lead_theme"));
  corner.scope = "col";
  headRow.appendChild(corner);
  choices.forEach((choice) => {
    const th = App.el("th", "heat-lead", App.hyphenate(choice.label));
    th.scope = "col";
    th.dataset.choice = choice.id;
    headRow.appendChild(th);
  });
  const agreementHead = App.el("th", "heat-agreement", App.t("lead_agreement"));
  agreementHead.scope = "col";
  headRow.appendChild(agreementHead);
  head.appendChild(headRow);
  table.appendChild(head);
  const body = App.el("tbody", "");
  themes.forEach((theme) => {
    const row = App.el("tr", "");
    row.dataset.key = String(theme.id);
    const name = App.el("th", "heat-theme", theme.label);
    name.scope = "row";
    row.appendChild(name);
    choices.forEach((choice) => {
      const count = theme.counts[choice.id] || 0;
      const share = theme.n ? count / theme.n : 0;
      const lead = theme.leaders.includes(choice.id);
      const cell = App.el("td", "heat-cell heat-" + heatStep(share) + (lead ? " lead" : ""));
      cell.dataset.choice = choice.id;
      cell.appendChild(App.el("span", "heat-count", (lead ? "★ " : "") + count));
      // A space between count and share: one line where the column is wide enough, two where not.
      if (count) cell.append(" ", App.el("span", "heat-share", shareFormat(share) + " %"));
      if (lead) cell.appendChild(App.el("span", "visually-hidden", App.t("lead_most_chosen")));
      row.appendChild(cell);
    });
    const agreement = App.el("td", "heat-agreement");
    agreement.appendChild(App.el("span", "heat-a", theme.agreement === null || theme.agreement === undefined
      ? "–" : agreementFormat.format(theme.agreement)));
    if (theme.divided) agreement.appendChild(App.el("span", "badge divided", "⇆ " + App.t("divided")));
    row.appendChild(agreement);
    body.appendChild(row);
  });
  table.appendChild(body);
  container.textContent = "";
  container.appendChild(table);
}

App.kinds.responsibility = {
  agreement: true,  // the tally has an agreement and a divided flag per theme (TRAITS["agreement"])

  renderAnswer(container, activity, answer, disabled) {
    const choices = choicesOf(activity);
    const offered = new Set(choices.map((choice) => choice.id));
    const leads = {};
    Object.entries(App.knownOnly(activity, (answer && answer.leads) || {})).forEach(([id, choice]) => {
      if (offered.has(choice)) leads[id] = choice;
    });
    container.textContent = "";
    App.orderItems(activity).forEach((item) => {
      const group = App.el("fieldset", "responsibility-item");
      group.appendChild(App.el("legend", "item-label", item.label));
      if (item.description) group.appendChild(App.el("p", "hint", item.description));
      const inputs = [];
      choices.forEach((choice) => {
        const label = App.el("label", "choice");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "lead-" + item.id;
        input.value = choice.id;
        input.checked = leads[item.id] === choice.id;
        input.disabled = disabled;
        label.appendChild(input);
        label.appendChild(App.el("span", "choice-label", choice.label));
        group.appendChild(label);
        inputs.push(input);
      });
      const skip = App.el("button", "link lead-skip", App.t("lead_skip"));
      skip.type = "button";
      skip.disabled = disabled;
      skip.hidden = !leads[item.id];
      skip.addEventListener("click", () => {
        delete leads[item.id];
        inputs.forEach((input) => { input.checked = false; });
        skip.hidden = true;
        if (inputs[0]) inputs[0].focus();
      });
      inputs.forEach((input) => input.addEventListener("change", () => {
        leads[item.id] = input.value;
        skip.hidden = false;
      }));
      group.appendChild(skip);
      container.appendChild(group);
    });
    return () => ({ leads: Object.assign({}, leads) });
  },

  isComplete(answer) {
    return Object.keys(answer.leads).length > 0;
  },

  incompleteMessage() {
    return App.t("lead_at_least_one");
  },

  /** Both forms are drawn; the style sheet shows the heat map, or in a narrow place (the phone,
      a column of a segment split) the bars, since whether the container is narrow cannot be
      measured here (a split column is not in the page yet while it is drawn). */
  renderResults(container, activity, results, options) {
    const themes = ordered(results.themes || [], (options && options.sort) || "score");
    let map = container.querySelector(":scope > .lead-map");
    let bars = container.querySelector(":scope > .lead-bars");
    if (!map || !bars) {
      container.textContent = "";
      map = App.el("div", "lead-map");
      bars = App.el("div", "lead-bars");
      container.append(map, bars);
    }
    heatmap(map, activity, results, themes);
    const choices = choicesOf(activity);
    // The lead is named in the label: a split column on the screen has no room for detail lines.
    App.renderThemeRows(bars, themes.map((theme) => ({
      key: String(theme.id),
      label: theme.n ? theme.label + ": " + leaderNames(theme, choices) : theme.label,
      fraction: theme.leading_share || 0,
      value: theme.n ? shareFormat(theme.leading_share) + " %" : "–",
      detail: [theme.n ? App.t("answers", { n: theme.n }) : App.t("no_answers_yet"), ...App.agreementNodes(theme)],
    })));
  },
};
})();
