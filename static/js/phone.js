/* The participant's phone. Presenter-paced, it follows the presented activity; self-paced, it
   lists the open activities with a progress count. It says "saved" only when the server has
   acknowledged. An unacknowledged answer is kept (also across a reload) and resent with the
   same request id after a reconnect, so it is stored once. Every unacknowledged answer is kept,
   one per activity (the latest), and every unacknowledged idea or question. */
"use strict";

(function () {
  const code = App.data.code;
  const pendingKey = "pending-answer-" + code;
  const $ = (id) => document.getElementById(id);
  const socket = App.connect({ role: "participant", workshop: code });
  // Errors after which the same answer may well succeed later; others need the person.
  const RETRYABLE = ["server_error", "rate_limited", "storage_unavailable"];

  const state = {
    pace: "presenter",
    presented: null,       // the presented activity (public view)
    open: [],              // the open activities, when self-paced
    results: {},           // activity id -> results this phone may see
    answers: {},           // activity id -> my stored answer
    entries: {},           // activity id -> my ideas or questions
    upvoted: new Set(),    // ids of questions I voted for
    chosenId: null,        // self-paced: the activity I opened
  };
  let readAnswer = null;   // reads the answer from the rendered controls
  let renderedFor = null;  // what the controls were rendered for
  // Unacknowledged answers by request id: {activity_id, answer, request_id}.
  let pendings = JSON.parse(sessionStorage.getItem(pendingKey) || "{}");
  if (pendings.request_id) pendings = { [pendings.request_id]: pendings };  // the older, single form
  const retryTimers = {};

  function current() {
    if (state.pace !== "self_paced") return state.presented;
    return state.open.find((activity) => activity.id === state.chosenId) || null;
  }

  function done(activity) {
    return Boolean(state.answers[activity.id] || (state.entries[activity.id] || []).length);
  }

  function setStatus(text, kind) {
    const status = $("save-status");
    status.textContent = text || "";
    status.dataset.state = kind || "";
  }

  function savePendings() {
    if (Object.keys(pendings).length) sessionStorage.setItem(pendingKey, JSON.stringify(pendings));
    else sessionStorage.removeItem(pendingKey);
  }

  function activityById(id) {
    return state.open.concat(state.presented ? [state.presented] : []).find((activity) => activity.id === id);
  }

  /** Keep an answer until it is acknowledged. A new answer to a one-answer activity replaces
      its unsent predecessor; ideas and questions are all kept. */
  function addPending(value) {
    const kind = App.kinds[(activityById(value.activity_id) || {}).kind] || {};
    if (!kind.collects) {
      Object.values(pendings).forEach((other) => {
        if (other.activity_id === value.activity_id && other.request_id !== value.request_id) delete pendings[other.request_id];
      });
    }
    pendings[value.request_id] = value;
    savePendings();
  }

  function removePending(requestId) {
    delete pendings[requestId];
    savePendings();
  }

  /** The latest unsent answer to this activity, if any. */
  function pendingFor(activityId) {
    return Object.values(pendings).filter((value) => value.activity_id === activityId).pop() || null;
  }

  /** What a collecting kind (ideas, Q&A) needs besides the activity. */
  function context(activity) {
    return {
      entries: state.entries[activity.id] || [],
      results: state.results[activity.id] || null,
      upvoted: state.upvoted,
      upvote: (entryId, up) => App.request(socket, "upvote", { entry_id: entryId, up: up }).then((ack) => {
        if (!ack.ok) return setStatus(ack.error.message, "error");
        if (up) state.upvoted.add(entryId); else state.upvoted.delete(entryId);
        render();
      }).catch(() => setStatus(App.t("not_saved_retrying"), "pending")),
    };
  }

  function renderSelfPaced() {
    const box = $("self-paced");
    box.hidden = state.pace !== "self_paced";
    if (box.hidden) return;
    const finished = state.open.filter(done).length;
    $("progress").textContent = App.t("progress", { n: finished, total: state.open.length });
    $("progress-bar").value = finished;
    $("progress-bar").max = Math.max(1, state.open.length);
    const list = $("activity-list");
    list.textContent = "";
    list.hidden = Boolean(current());
    state.open.forEach((activity, index) => {
      const item = App.el("li", "");
      const button = App.el("button", "activity-choice" + (done(activity) ? " done" : ""));
      button.type = "button";
      button.appendChild(App.el("span", "rank-place", done(activity) ? "✓" : String(index + 1)));
      button.appendChild(App.el("span", "", activity.prompt));
      button.addEventListener("click", () => { state.chosenId = activity.id; renderedFor = null; render(); });
      item.appendChild(button);
      list.appendChild(item);
    });
    $("back-to-list").hidden = !current();
  }

  function render() {
    renderSelfPaced();
    const activity = current();
    $("waiting").hidden = Boolean(activity) || (state.pace === "self_paced" && state.open.length > 0);
    $("activity").hidden = !activity;
    if (!activity) return;
    const kind = App.kinds[activity.kind];
    const open = activity.state === "open";
    $("prompt").textContent = activity.prompt;
    App.showTimer($("phone-timer"), activity);
    const stateBadge = $("activity-state");
    stateBadge.hidden = open;
    stateBadge.textContent = activity.state === "closed" ? App.t("closed_phone") : App.t("not_open_phone");
    const renderKey = activity.id + ":" + activity.state + ":" + JSON.stringify(activity.config);
    if (renderedFor !== renderKey) {
      // A new question starts at the top of the page, not where the last one was scrolled to.
      if (!renderedFor || !renderedFor.startsWith(activity.id + ":")) window.scrollTo(0, 0);
      // Re-render only when the question or its state changed, so a tap in progress is kept.
      const unsent = pendingFor(activity.id);
      const shown = unsent && !kind.collects ? unsent.answer : state.answers[activity.id];
      readAnswer = kind.renderAnswer($("answer-area"), activity, shown, !open, context(activity));
      renderedFor = renderKey;
      if (unsent) setStatus(App.t("not_saved_retrying"), "pending");
      else if (state.answers[activity.id]) setStatus(App.t("saved"), "saved");
      else setStatus("");
    } else if (kind.update) {
      kind.update($("answer-area"), activity, context(activity));
    }
    $("answer-form").dataset.kind = activity.kind;
    $("send").hidden = !open;
    $("send").textContent = kind.sendLabel ? kind.sendLabel() : App.t("send");
    // At the limit of ideas or questions the button says so instead of inviting a send.
    const atLimit = Boolean(kind.limitReached && kind.limitReached(activity, context(activity)));
    $("send").disabled = atLimit;
    if (atLimit) $("send").textContent = App.t("limit_reached_button");
    const results = kind.resultsInAnswer ? null : state.results[activity.id];
    $("results").hidden = !results;
    if (results) App.renderResultsOf($("results-chart"), activity, results, { sort: "score" });
  }

  function send(value) {
    addPending(value);
    const here = () => current() && current().id === value.activity_id;  // status for the one on screen
    // Offline, say at once that the answer is kept and goes when the connection is back.
    if (here()) setStatus(App.t(socket.connected ? "saving" : "not_saved_retrying"), socket.connected ? "saving" : "pending");
    const retryLater = (message) => {
      // Keep the answer and try again with the same request id; the server counts it once.
      if (here()) setStatus(message || App.t("not_saved_retrying"), "pending");
      clearTimeout(retryTimers[value.request_id]);
      retryTimers[value.request_id] = setTimeout(() => {
        if (socket.connected && pendings[value.request_id]) send(value);
      }, 3000 + Math.random() * 3000);
    };
    App.request(socket, "respond", value, 8000).then((ack) => {
      if (!pendings[value.request_id]) return; // superseded meanwhile
      if (!ack.ok && RETRYABLE.includes(ack.error.code)) return retryLater(ack.error.message);
      removePending(value.request_id);
      if (!ack.ok) return here() && setStatus(ack.error.message, "error");
      const kind = App.kinds[(activityById(ack.activity_id) || {}).kind] || {};
      if (ack.answer.id !== undefined) {
        // An idea or question: a new entry of mine.
        const mine = state.entries[ack.activity_id] || (state.entries[ack.activity_id] = []);
        if (!mine.some((entry) => entry.id === ack.answer.id)) mine.push(ack.answer);
        if (here()) setStatus(ack.answer.status === "pending" ? App.t("sent_for_review") : App.t("sent"), "saved");
        if (kind.sent && here()) kind.sent($("answer-area"));
        render();
      } else {
        state.answers[ack.activity_id] = ack.answer;
        const activity = activityById(ack.activity_id);
        const note = activity && kind.savedNote ? kind.savedNote(ack.answer, activity) : "";
        if (here()) setStatus(App.t("saved") + (note ? " " + note : ""), "saved");
        renderSelfPaced();
      }
    }).catch(() => {
      // No acknowledgement (timeout, dropped connection): the answer may or may not be stored.
      if (pendings[value.request_id]) retryLater();
    });
  }

  $("answer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const activity = current();
    if (!activity || activity.state !== "open" || !readAnswer) return;
    const kind = App.kinds[activity.kind];
    if (kind.limitReached && kind.limitReached(activity, context(activity))) {
      setStatus(App.t("limit_reached", { max: activity.config.per_participant }), "error");
      return;
    }
    const answer = readAnswer();
    if (answer === null || !kind.isComplete(answer, activity)) {
      setStatus(kind.incompleteMessage ? kind.incompleteMessage(activity) : App.t("choose_one"), "error");
      return;
    }
    send({ activity_id: activity.id, answer: answer, request_id: App.requestId() });
  });

  $("back-to-list").addEventListener("click", () => { state.chosenId = null; setStatus(""); render(); });

  function applyShared(shared) {
    state.pace = shared.pace;
    state.presented = shared.activity;
    state.open = shared.activities || [];
    state.results = Object.assign({}, shared.results || {});
    $("results-link").hidden = !shared.results_published;
  }

  function sync() {
    App.request(socket, "sync", {}, 10000).then((ack) => {
      if (!ack.ok) {
        setStatus(ack.error.message, "error");
        if (RETRYABLE.includes(ack.error.code)) setTimeout(() => { if (socket.connected) sync(); }, 3000 + Math.random() * 3000);
        return;
      }
      applyShared(ack.view);
      state.answers = ack.view.answers || {};
      state.entries = ack.view.entries || {};
      state.upvoted = new Set(ack.view.upvoted || []);
      App.seed = ack.view.seed || 1;
      renderedFor = null;
      render();
      Object.values(pendings).forEach(send);
    }).catch(() => setTimeout(() => { if (socket.connected) sync(); }, 2000));
  }

  socket.on("connect", () => {
    App.showConnection($("connection"), "connected");
    sync();
  });
  socket.on("disconnect", () => App.showConnection($("connection"), "reconnecting"));
  socket.on("connect_error", (error) => {
    App.showConnection($("connection"), "reconnecting");
    if (error && error.data && error.data.message) setStatus(error.data.message, "error");
  });
  // The facilitator reset an activity's answers: this phone is back to "not answered" (an unsent
  // answer to it is dropped too, or it would come back); after an undo its answers return.
  socket.on("answers_reset", (message) => {
    if (!message.undone) {
      Object.values(pendings).forEach((value) => {
        if (value.activity_id === message.activity_id) delete pendings[value.request_id];
      });
      savePendings();
    }
    sync();
  });
  socket.on("state", (shared) => {
    applyShared(shared);
    render();
  });
  // Moderation of one of my ideas or questions (approved, hidden, shown again).
  socket.on("entry", (message) => {
    const mine = state.entries[message.activity_id] || (state.entries[message.activity_id] = []);
    const index = mine.findIndex((entry) => entry.id === message.entry.id);
    if (index === -1) mine.push(message.entry); else mine[index] = message.entry;
    const activity = current();
    if (activity && activity.id === message.activity_id) render();
  });
  socket.on("results", (message) => {
    // Results read just before the facilitator hid them may arrive after the state that hid
    // them: only an activity this phone knows as shown takes them.
    const known = [state.presented, ...(state.open || [])].find((a) => a && a.id === message.activity_id);
    if (!known || !(known.results_revealed || known.results_live)) return;
    state.results[message.activity_id] = message.results;
    const activity = current();
    if (activity && activity.id === message.activity_id) render();
  });
})();
