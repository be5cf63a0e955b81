/* Ranking: put the themes in order, by dragging or with the up/down buttons (and arrow keys on a
   focused handle). With a top k, only the first k places count; a line shows where they end. */
"use strict";

(function () {
/** A top k as people read it: how many put each theme in their top k (the bar, from zero to
    every ballot) and at which place; the Borda score stays in the detail line. */
function renderTopK(container, activity, results, sort) {
  const byId = new Map(results.themes.map((theme) => [theme.id, theme]));
  const themes = (sort === "agenda" ? activity.config.items.map((item) => item.id) : results.by_places)
    .map((id) => byId.get(id)).filter(Boolean);
  const tied = new Map();
  results.themes.forEach((theme) => tied.set(theme.places_rank, (tied.get(theme.places_rank) || 0) + 1));
  App.renderThemeRows(container, themes.map((theme) => ({
    key: String(theme.id),
    label: (tied.get(theme.places_rank) > 1 ? theme.places_rank + "= " : theme.places_rank + ". ") + theme.label,
    fraction: results.responses ? theme.ranked_by / results.responses : 0,
    value: App.t("top_k_count", { n: theme.ranked_by, total: results.responses }),
    detail: [theme.places.map((n, index) => App.t("top_k_place", { place: index + 1, n: n })).join(" · ")
      + " · " + App.t("borda_score", { borda: App.formatNumber(theme.borda) })],
  })));
}

App.kinds.ranking = {
  renderAnswer(container, activity, answer, disabled) {
    const items = App.orderItems(activity);
    const k = activity.config.top_k ? Math.min(activity.config.top_k, items.length) : items.length;
    // Start from the saved order (its themes first), then the rest in this phone's order.
    const saved = ((answer && answer.order) || []).map(String);
    const byId = new Map(items.map((item) => [String(item.id), item]));
    let order = saved.filter((id) => byId.has(id)).concat(items.map((item) => String(item.id)).filter((id) => !saved.includes(id)));
    // The starting order is only this phone's shuffle: it counts once the person has moved
    // something (or sent an order before).
    let touched = saved.length > 0;

    container.textContent = "";
    container.appendChild(App.el("p", "hint", k < items.length ? App.t("rank_top_k", { k: k }) : App.t("rank_all")));
    const list = App.el("ol", "ranking");
    container.appendChild(list);
    const live = App.el("p", "visually-hidden");
    live.setAttribute("aria-live", "assertive");
    container.appendChild(live);

    function move(id, to, announce) {
      const from = order.indexOf(id);
      to = Math.max(0, Math.min(order.length - 1, to));
      if (from === to) return;
      order.splice(from, 1);
      order.splice(to, 0, id);
      touched = true;
      draw(id);
      if (announce) live.textContent = App.t("moved_to", { theme: byId.get(id).label, place: to + 1 });
    }

    function draw(focusId) {
      list.textContent = "";
      order.forEach((id, index) => {
        const item = byId.get(id);
        const row = App.el("li", "rank-item" + (index >= k ? " unranked" : ""));
        row.dataset.id = id;
        const handle = App.el("button", "rank-handle", "⠿");
        handle.type = "button";
        handle.disabled = disabled;
        handle.setAttribute("aria-label", App.t("drag_handle", { theme: item.label, place: index + 1 }));
        row.appendChild(handle);
        row.appendChild(App.el("span", "rank-place", index < k ? String(index + 1) : ""));
        row.appendChild(App.el("span", "item-label", item.label));
        const up = App.el("button", "rank-move", "↑");
        up.type = "button";
        up.disabled = disabled || index === 0;
        up.setAttribute("aria-label", App.t("move_up", { theme: item.label }));
        up.addEventListener("click", () => move(id, index - 1, true));
        const down = App.el("button", "rank-move", "↓");
        down.type = "button";
        down.disabled = disabled || index === order.length - 1;
        down.setAttribute("aria-label", App.t("move_down", { theme: item.label }));
        down.addEventListener("click", () => move(id, index + 1, true));
        row.append(up, down);
        handle.addEventListener("keydown", (event) => {
          if (event.key === "ArrowUp" || event.key === "ArrowDown") {
            event.preventDefault();
            move(id, index + (event.key === "ArrowUp" ? -1 : 1), true);
          }
        });
        handle.addEventListener("pointerdown", (event) => startDrag(event, id));
        list.appendChild(row);
        if (index === k - 1 && k < order.length) list.appendChild(App.el("li", "rank-cut", App.t("only_top_k_count", { k: k })));
      });
      // After a keyboard or button move, keep the focus on the theme that moved.
      if (focusId) list.querySelector('[data-id="' + focusId + '"] .rank-handle').focus();
    }

    function startDrag(event, id) {
      if (disabled) return;
      event.preventDefault();
      const row = list.querySelector('[data-id="' + id + '"]');
      row.classList.add("dragging");
      const onMove = (moveEvent) => {
        // The dragged theme lands before the first other theme whose middle is below the pointer.
        const others = Array.from(list.querySelectorAll(".rank-item")).filter((row) => row.dataset.id !== id);
        let target = others.findIndex((row) => {
          const box = row.getBoundingClientRect();
          return moveEvent.clientY < box.top + box.height / 2;
        });
        if (target === -1) target = others.length;
        if (target !== order.indexOf(id)) {
          order.splice(order.indexOf(id), 1);
          order.splice(target, 0, id);
          touched = true;
          draw();
          list.querySelector('[data-id="' + id + '"]').classList.add("dragging");
        }
      };
      const onUp = () => {
        document.removeEventListener("pointermove", onMove);
        document.removeEventListener("pointerup", onUp);
        document.removeEventListener("pointercancel", onUp);
        draw();
        live.textContent = App.t("moved_to", { theme: byId.get(id).label, place: order.indexOf(id) + 1 });
      };
      document.addEventListener("pointermove", onMove);
      document.addEventListener("pointerup", onUp);
      document.addEventListener("pointercancel", onUp);
    }

    draw();
    return () => (touched ? { order: order.slice(0, k) } : null);
  },

  isComplete(answer) {
    return answer.order.length > 0;
  },

  incompleteMessage() {
    return App.t("rank_first");
  },

  renderResults(container, activity, results, options) {
    const sort = (options && options.sort) === "agenda" ? "agenda" : "score";
    if (results.top_k) return renderTopK(container, activity, results, sort);
    // The kind's tally is already sorted by Borda score with competition ranks (ties share a rank).
    const themes = sort === "agenda"
      ? activity.config.items.map((item) => results.themes.find((theme) => theme.id === item.id)).filter(Boolean)
      : results.themes;
    const max = results.max_borda || 1;
    const tied = new Map();
    results.themes.forEach((theme) => tied.set(theme.rank, (tied.get(theme.rank) || 0) + 1));
    App.renderThemeRows(container, themes.map((theme) => ({
      key: String(theme.id),
      label: (tied.get(theme.rank) > 1 ? theme.rank + "= " : theme.rank + ". ") + theme.label,
      fraction: theme.borda / max,
      value: App.formatNumber(theme.borda),
      detail: [App.t("ranking_detail", { mean: App.formatNumber(theme.mean_rank), first: theme.first_places })],
    })));
  },
};
})();
