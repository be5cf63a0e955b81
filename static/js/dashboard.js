/* The facilitator's dashboard: the agenda, the selected activity with live results, and the
   controls. Actions go through the JSON API; the picture comes back over the socket. */
"use strict";

(function () {
  const workshopId = App.data.workshop_id;
  const $ = (id) => document.getElementById(id);
  const socket = App.connect({ role: "facilitator", workshop: workshopId });
  App.socket = socket; // static/js/room.js listens on it too
  let view = App.data.view;
  let selectedId = view.workshop.presented_activity_id || (view.activities[0] && view.activities[0].id) || null;

  const byId = (id) => view.activities.find((a) => a.id === id);

  function stateLabel(activity) {
    return App.t("state_" + activity.state);
  }

  function renderAgenda() {
    const list = $("agenda");
    // Redraw only when something shown changed, so a click or drag in progress is not lost.
    const signature = JSON.stringify([selectedId, view.workshop.presented_activity_id,
      view.activities.map((a) => [a.id, a.prompt, a.state, a.results.responses])]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    list.textContent = "";
    $("agenda-empty").hidden = view.activities.length > 0;
    view.activities.forEach((activity) => {
      const item = App.el("li", "agenda-item");
      if (App.data.runs) item.appendChild(agendaHandle(activity)); // a moderator does not reorder
      const button = App.el("button", "agenda-button");
      button.type = "button";
      button.setAttribute("aria-pressed", String(activity.id === selectedId));
      if (activity.id === view.workshop.presented_activity_id) item.classList.add("is-presented");
      button.appendChild(App.el("span", "agenda-prompt", activity.prompt));
      const meta = App.el("span", "agenda-meta");
      if (activity.id === view.workshop.presented_activity_id) meta.appendChild(App.el("span", "badge presented", App.t("presented")));
      meta.appendChild(App.el("span", "badge state-" + activity.state, stateLabel(activity)));
      meta.appendChild(App.el("span", "muted", App.t("answers", { n: activity.results.responses })));
      button.appendChild(meta);
      button.addEventListener("click", () => { selectedId = activity.id; render(); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  /** The handle that moves an activity in the agenda: dragged, or with the arrow keys. */
  function agendaHandle(activity) {
    const handle = App.el("button", "rank-handle agenda-handle", "⠿");
    handle.type = "button";
    handle.setAttribute("aria-label", App.t("reorder_handle", { place: view.activities.indexOf(activity) + 1 }));
    handle.addEventListener("pointerdown", (event) => dragAgenda(event, activity));
    handle.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      event.preventDefault();
      event.stopPropagation();
      act("/activities/" + activity.id + "/move", { delta: event.key === "ArrowUp" ? -1 : 1 });
    });
    return handle;
  }

  /** Drag an agenda item by its handle; on release it moves to where it was dropped. */
  function dragAgenda(event, activity) {
    event.preventDefault();
    const list = $("agenda");
    const from = view.activities.findIndex((candidate) => candidate.id === activity.id);
    let target = from;
    const rows = () => Array.from(list.querySelectorAll(".agenda-item"));
    rows()[from].classList.add("dragging");
    const onMove = (moveEvent) => {
      const others = rows().filter((_, index) => index !== from);
      const found = others.findIndex((row) => {
        const box = row.getBoundingClientRect();
        return moveEvent.clientY < box.top + box.height / 2;
      });
      target = found === -1 ? others.length : found;
      rows().forEach((row, index) => row.classList.toggle("drop-before", index !== from && index === (target >= from ? target + 1 : target)));
    };
    const onUp = () => {
      document.removeEventListener("pointermove", onMove);
      document.removeEventListener("pointerup", onUp);
      document.removeEventListener("pointercancel", onUp);
      rows().forEach((row) => row.classList.remove("dragging", "drop-before"));
      if (target !== from) act("/activities/" + activity.id + "/move", { position: target });
    };
    document.addEventListener("pointermove", onMove);
    document.addEventListener("pointerup", onUp);
    document.addEventListener("pointercancel", onUp);
  }

  function renderSelected() {
    const activity = byId(selectedId);
    $("live-empty").hidden = !!activity;
    $("selected").hidden = !activity;
    if (!activity) return;
    const presented = activity.id === view.workshop.presented_activity_id;
    $("sel-presented").hidden = !presented;
    $("sel-state").textContent = stateLabel(activity);
    $("sel-state").className = "badge state-" + activity.state;
    $("sel-revealed").textContent = activity.results_revealed ? App.t("results_revealed") : App.t("results_hidden");
    $("sel-revealed").className = "badge " + (activity.results_revealed ? "revealed" : "hidden-results");
    $("sel-prompt").textContent = activity.prompt;
    // The facilitator's speaker notes (never on the screen or the phones); text, not markup.
    $("sel-notes").textContent = activity.notes || "";
    $("sel-notes").hidden = !activity.notes;
    $("btn-present").disabled = presented;
    // A draft is usually presented to be answered: offer both in one step.
    $("btn-present-open").hidden = activity.state !== "draft";
    $("btn-present-open").disabled = presented && activity.state !== "draft";
    $("btn-open").firstChild.textContent = (activity.state === "open" ? App.t("close") : App.t("open")) + " ";
    $("btn-reveal").firstChild.textContent = (activity.results_revealed ? App.t("hide") : App.t("reveal")) + " ";
    $("sel-edit").href = App.data.edit_url.replace(/\/0\/edit$/, "/" + activity.id + "/edit");
    $("sel-preview").href = App.data.edit_url.replace(/\/0\/edit$/, "/" + activity.id + "/preview");
    App.showTimer($("sel-timer"), activity);
    $("btn-timer").textContent = activity.timer_remaining !== null ? App.t("stop_timer") : App.t("start_timer");
    const split = $("sel-split");
    split.textContent = "";
    split.appendChild(new Option(App.t("whole_room"), ""));
    (view.workshop.segments || []).forEach((segment) => split.appendChild(new Option(segment.question, segment.question)));
    split.value = activity.split_by || "";
    $("split-control").hidden = !(view.workshop.segments || []).length || Boolean(activity.results.moderation);
    const index = view.activities.indexOf(activity);
    $("btn-up").disabled = index === 0;
    $("btn-down").disabled = index === view.activities.length - 1;
    renderUndo(activity);
    renderResults(activity);
  }

  function renderResults(activity) {
    $("sel-answered").hidden = !view.joined && !activity.results.responses;
    $("sel-answered").textContent = activity.results.moderation
      ? App.t(activity.traits.entries_noun, { n: activity.results.responses })
      : App.t("answered_of", { n: activity.results.responses, total: view.joined });
    $("sort-control").hidden = !activity.results.themes || !activity.traits.sortable;
    $("sel-chart").classList.toggle("has-map", activity.traits.chart === "map");
    App.renderResultsOf($("sel-chart"), activity, activity.results, { sort: $("sel-sort").value });
    renderModeration(activity);
  }

  /** Moderation of ideas and questions: approve, hide, show; answered and highlighted
      questions; ideas ticked to become themes. */
  const promoteSelection = new Set();

  function entryRow(activity, entry, status) {
    const item = App.el("li", "entry");
    const promotedTo = (view.themes || []).find((theme) => theme.source && theme.source.entry_ids.includes(entry.id));
    if (activity.traits.promotes && status === "visible" && promotedTo) {
      item.appendChild(App.el("span", "badge revealed", "→ " + promotedTo.title));
    } else if (activity.traits.promotes && status === "visible") {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = promoteSelection.has(entry.id);
      box.setAttribute("aria-label", App.t("select_idea"));
      box.addEventListener("change", () => {
        if (box.checked) promoteSelection.add(entry.id); else promoteSelection.delete(entry.id);
        if (box.checked && !$("promote-title").value) $("promote-title").value = entry.text;
      });
      item.appendChild(box);
    }
    // A kind may name what an entry belongs to (a next step's theme).
    const kind = App.kinds[activity.kind] || {};
    const note = kind.entryNote ? kind.entryNote(entry) : "";
    if (note) item.appendChild(App.el("span", "badge entry-note", note));
    item.appendChild(App.el("span", "entry-text-shown", entry.text));
    if (entry.votes !== undefined) item.appendChild(App.el("span", "votes", "▲ " + entry.votes));
    const button = (label, path, body) => {
      const b = App.el("button", "small", label);
      b.type = "button";
      b.addEventListener("click", () => act("/entries/" + entry.id + path, body));
      item.appendChild(b);
    };
    if (status === "pending") button(App.t("approve"), "/moderate", { status: "visible" });
    if (status !== "hidden") button(App.t("hide_entry"), "/moderate", { status: "hidden" });
    if (status === "hidden") button(App.t("show_entry"), "/moderate", { status: "visible" });
    // Entries that can be answered (questions) can also be put on the screen.
    if ("answered" in entry && status === "visible") {
      button(entry.answered ? App.t("not_answered") : App.t("mark_answered"), "/answered", { answered: !entry.answered });
      button(entry.highlighted ? App.t("unhighlight") : App.t("highlight"), "/highlight", { highlighted: !entry.highlighted });
    }
    return item;
  }

  function renderModeration(activity) {
    const results = activity.results;
    const collecting = Boolean(results.moderation);
    $("moderation").hidden = !collecting;
    if (!collecting) return;
    const kind = App.kinds[activity.kind] || {};
    const visible = kind.visibleEntries ? kind.visibleEntries(results) : results.ideas || results.questions || [];
    const signature = JSON.stringify([activity.id, results.moderation, visible, (view.themes || []).length]);
    if ($("moderation").dataset.signature === signature) return;
    $("moderation").dataset.signature = signature;
    // A selection only ever holds ideas of this activity that are still shown.
    const shownIds = new Set(visible.map((entry) => entry.id));
    Array.from(promoteSelection).forEach((id) => { if (!shownIds.has(id)) promoteSelection.delete(id); });
    $("pending-count").textContent = results.moderation.pending.length;
    [["pending-list", results.moderation.pending, "pending"], ["visible-list", visible, "visible"],
     ["hidden-list", results.moderation.hidden, "hidden"]].forEach(([id, entries, status]) => {
      const list = $(id);
      list.textContent = "";
      if (!entries.length) list.appendChild(App.el("li", "empty", App.t("none")));
      entries.forEach((entry) => list.appendChild(entryRow(activity, entry, status)));
    });
    $("promote").hidden = !activity.traits.promotes;
  }

  function promote(each) {
    const activity = byId(selectedId);
    const ids = Array.from(promoteSelection);
    if (!activity || !ids.length) return showError(App.t("select_ideas_first"));
    const title = $("promote-title").value.trim();
    const groups = each ? ids.map((id) => ({ entry_ids: [id] })) : [{ entry_ids: ids, title: title }];
    act("/activities/" + activity.id + "/promote", { groups: groups }).then((json) => {
      if (!json || !json.themes) return;
      promoteSelection.clear();
      $("promote-title").value = "";
      $("promote-done").textContent = App.t("themes_made", { n: json.themes.length });
      renderSelected();
    });
  }

  function renderPresence() {
    $("connected").textContent = view.connected;
    $("joined").textContent = view.joined;
  }

  function renderSettings() {
    const published = Boolean(view.workshop.results_published);
    $("results-toggle").setAttribute("aria-pressed", String(published));
    $("results-toggle").textContent = App.t(published ? "results_page_on" : "results_page_off");
    $("results-page-link").hidden = !published;
    const selfPaced = view.workshop.pace === "self_paced";
    $("pace-toggle").setAttribute("aria-pressed", String(selfPaced));
    $("pace-toggle").textContent = App.t(selfPaced ? "self_paced_on" : "self_paced_off");
    if (document.activeElement !== $("blocked-words")) $("blocked-words").value = (view.workshop.blocked_words || []).join("\n");
  }

  function render() {
    renderSettings();
    renderAgenda();
    renderSelected();
    renderPresence();
  }

  function showError(message) {
    const box = $("action-error");
    box.hidden = !message;
    box.textContent = message || "";
  }

  /** POST to the API; errors are shown, successes arrive back through the socket. */
  function act(path, body) {
    showError(null);
    return fetch("/api/v1" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": App.data.csrf },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    }).then((response) => response.json().then((json) => {
      if (!response.ok) showError((json.error && json.error.message) || response.statusText);
      return json;
    })).catch(() => showError(App.t("reconnecting")));
  }

  const actions = {
    present: () => selectedId && act("/workshops/" + workshopId + "/present", { activity_id: selectedId }),
    presentAndOpen: () => {
      const activity = byId(selectedId);
      if (!activity) return;
      act("/workshops/" + workshopId + "/present", { activity_id: activity.id }).then((json) => {
        if (json && !json.error && activity.state === "draft") act("/activities/" + activity.id + "/open");
      });
    },
    toggleOpen: () => {
      const activity = byId(selectedId);
      if (activity) act("/activities/" + activity.id + (activity.state === "open" ? "/close" : "/open"));
    },
    toggleReveal: () => {
      const activity = byId(selectedId);
      if (activity) act("/activities/" + activity.id + (activity.results_revealed ? "/hide" : "/reveal"));
    },
    step: (delta) => act("/workshops/" + workshopId + "/step", { delta: delta }),
    select: (delta) => {
      const index = view.activities.findIndex((a) => a.id === selectedId);
      const next = view.activities[Math.max(0, Math.min(view.activities.length - 1, index + delta))];
      if (next) { selectedId = next.id; render(); }
    },
  };

  $("btn-present").addEventListener("click", actions.present);
  $("btn-present-open").addEventListener("click", actions.presentAndOpen);
  const selected = () => byId(selectedId);
  $("btn-timer").addEventListener("click", () => {
    const activity = selected();
    if (!activity) return;
    act("/activities/" + activity.id + "/timer", activity.timer_remaining !== null
      ? { seconds: null }
      : { seconds: Number($("timer-seconds").value), closes: $("timer-closes").checked });
  });
  $("sel-split").addEventListener("change", () => {
    const activity = selected();
    if (activity) act("/activities/" + activity.id + "/split", { question: $("sel-split").value || null });
  });
  $("btn-up").addEventListener("click", () => selected() && act("/activities/" + selectedId + "/move", { delta: -1 }));
  $("btn-down").addEventListener("click", () => selected() && act("/activities/" + selectedId + "/move", { delta: 1 }));
  $("btn-duplicate").addEventListener("click", () => selected() && act("/activities/" + selectedId + "/duplicate"));
  $("btn-delete").addEventListener("click", () => {
    if (!selected() || !window.confirm(App.t("confirm_delete_activity"))) return;
    fetch("/api/v1/activities/" + selectedId, {
      method: "DELETE", headers: { "X-CSRFToken": App.data.csrf }, credentials: "same-origin",
    }).then((response) => response.json()).then((json) => showError(json.error ? json.error.message : null));
  });
  // Resetting an activity's answers: a confirmation that names the count, then an undo for the
  // server's undo window (RESET_UNDO_SECONDS), offered on every dashboard (`undo_reset` of the
  // activity); after it the answers are gone for good.
  const undoEnds = {};  // reset id -> when its undo ends (this browser's clock)
  let undoTimer = null;
  function renderUndo(activity) {
    const undo = activity.undo_reset;
    const bar = $("reset-undo");
    if (undo && !(undo.id in undoEnds)) undoEnds[undo.id] = Date.now() + undo.seconds * 1000;
    const left = undo ? undoEnds[undo.id] - Date.now() : 0;
    bar.hidden = left <= 0 || !App.data.runs; // a moderator may not undo a reset (co-facilitator and up)
    if (bar.hidden) return;
    bar.dataset.resetId = undo.id;
    $("reset-undo-text").textContent = App.t("reset_done", { n: undo.answers_removed, prompt: activity.prompt });
    clearTimeout(undoTimer);
    undoTimer = setTimeout(() => { const current = selected(); if (current) renderUndo(current); }, left + 50);
  }
  $("btn-reset").addEventListener("click", () => {
    const activity = selected();
    if (!activity) return;
    showError(null);
    fetch("/api/v1/activities/" + activity.id + "/answer-counts", { credentials: "same-origin" })
      .then((response) => response.json()).then((counts) => {
        if (counts.error) return showError(counts.error.message);
        if (!counts.answers) return showError(App.t("reset_nothing"));
        const question = App.t("confirm_reset", { n: counts.answers, prompt: activity.prompt })
          + (counts.votes ? " " + App.t("confirm_reset_votes", { n: counts.votes }) : "")
          + " " + App.t("confirm_reset_undo", { seconds: Math.round(App.data.reset_undo_seconds) });
        if (!window.confirm(question)) return;
        act("/activities/" + activity.id + "/reset").then((json) => {
          if (!json || !json.reset) return;
          const current = byId(activity.id);
          if (!current) return;
          current.undo_reset = { id: json.reset.id, answers_removed: json.reset.answers_removed,
                                 seconds: json.reset.undo_seconds };
          if (current.id === selectedId) renderUndo(current);
          $("btn-undo-reset").focus();
        });
      }).catch(() => showError(App.t("reconnecting")));
  });
  $("btn-undo-reset").addEventListener("click", () => {
    const activity = selected();
    act("/resets/" + $("reset-undo").dataset.resetId + "/undo").then((json) => {
      if (!json || json.restored === undefined || !activity) return;
      activity.undo_reset = null;
      renderUndo(activity);
    });
  });
  $("results-toggle").addEventListener("click", () => act("/workshops/" + workshopId + "/results-page",
    { published: !view.workshop.results_published }));
  $("promote-one").addEventListener("click", () => promote(false));
  $("promote-each").addEventListener("click", () => promote(true));
  $("pace-toggle").addEventListener("click", () => act("/workshops/" + workshopId + "/pace",
    { pace: view.workshop.pace === "self_paced" ? "presenter" : "self_paced" }));
  $("save-blocked-words").addEventListener("click", () => fetch("/api/v1/workshops/" + workshopId + "/blocked-words", {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-CSRFToken": App.data.csrf },
    body: JSON.stringify({ words: $("blocked-words").value }),
    credentials: "same-origin",
  }).then((response) => response.json()).then((json) => {
    showError(json.error ? json.error.message : null);
    if (!json.error) $("blocked-words-saved").textContent = App.t("saved_short");
  }));
  $("sel-sort").addEventListener("change", () => { const activity = byId(selectedId); if (activity) renderResults(activity); });
  $("btn-open").addEventListener("click", actions.toggleOpen);
  $("btn-reveal").addEventListener("click", actions.toggleReveal);
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select, [contenteditable]") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    const handlers = {
      // The same keys as on the screen, where presenter clickers send B or "." to reveal.
      n: () => actions.step(1), ArrowRight: () => actions.step(1), PageDown: () => actions.step(1),
      ArrowLeft: () => actions.step(-1), PageUp: () => actions.step(-1),
      p: actions.present, o: actions.toggleOpen, r: actions.toggleReveal, b: actions.toggleReveal, ".": actions.toggleReveal,
      P: (event) => (event.shiftKey ? actions.presentAndOpen() : actions.present()),
      j: () => actions.select(1), k: () => actions.select(-1),
    };
    // A moderator's keys only move the selection: the room is run from the other dashboards.
    if (!App.data.runs && key.toLowerCase() !== "j" && key.toLowerCase() !== "k") return;
    const handler = handlers[key] || handlers[key.toLowerCase()];
    if (handler) { event.preventDefault(); handler(event); }
  });

  /** Show whether the live picture is current; without a connection the numbers are old. */
  function showConnection(state) {
    App.showConnection($("connection"), state);
    document.body.dataset.connection = state;
  }

  /** Fetch the whole picture again (after every (re)connect: events missed meanwhile are lost). */
  function sync() {
    App.request(socket, "sync", {}, 10000).then((ack) => {
      if (!ack.ok) {
        showError(ack.error.message);
        setTimeout(() => { if (socket.connected) sync(); }, 3000 + Math.random() * 3000);
        return;
      }
      showConnection("connected");
      applyView(ack.view);
    }).catch(() => setTimeout(() => { if (socket.connected) sync(); }, 2000));
  }

  socket.on("connect", sync);
  socket.on("disconnect", (reason) => {
    showConnection("reconnecting");
    // The server ended this connection (a changed role, a removal from the team): connect again
    // and be checked again; a refusal then says why (connect_error).
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 500 + Math.random() * 500);
  });
  socket.on("connect_error", (error) => {
    // Refused (taken out of the team, signed out): say so, rather than "reconnecting".
    showConnection(error && error.data && error.data.code === "forbidden" ? "refused" : "reconnecting");
    if (error && error.data && error.data.message) showError(error.data.message);
  });

  function applyView(next) {
    const followPresented = selectedId === view.workshop.presented_activity_id;
    view = next;
    if (followPresented || !byId(selectedId)) {
      selectedId = view.workshop.presented_activity_id
        || (byId(selectedId) ? selectedId : view.activities[0] && view.activities[0].id) || null;
    }
    render();
  }
  socket.on("workshop", applyView);
  socket.on("results", (message) => {
    const activity = byId(message.activity_id);
    if (!activity) return;
    activity.results = message.results;
    renderAgenda();
    if (activity.id === selectedId) renderResults(activity);
  });
  socket.on("presence", (presence) => {
    view.connected = presence.connected;
    view.joined = presence.joined;
    renderPresence();
    const activity = byId(selectedId);
    if (activity) renderResults(activity);
  });
  render();
})();
