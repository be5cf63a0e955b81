/* The participant's phone: follows the presented activity, sends answers, and says "saved" only
   when the server has acknowledged. An unacknowledged answer is kept (also across a reload) and
   resent with the same request id after a reconnect, so it is stored once. */
"use strict";

(function () {
  const code = App.data.code;
  const pendingKey = "pending-answer-" + code;
  const $ = (id) => document.getElementById(id);
  const socket = App.connect({ role: "participant", workshop: code });

  let activity = null;        // the presented activity (public view)
  let answers = {};           // activity id -> my stored answer
  let readAnswer = null;      // reads the answer from the rendered controls
  let renderedFor = null;     // activity id and state the controls were rendered for
  let pending = JSON.parse(sessionStorage.getItem(pendingKey) || "null");
  let retryTimer = null;
  // Errors after which the same answer may well succeed later; others need the person.
  const RETRYABLE = ["server_error", "rate_limited"];

  function setStatus(text, state) {
    const status = $("save-status");
    status.textContent = text || "";
    status.dataset.state = state || "";
  }

  function storePending(value) {
    pending = value;
    if (value) sessionStorage.setItem(pendingKey, JSON.stringify(value));
    else sessionStorage.removeItem(pendingKey);
  }

  function render(results) {
    const waiting = !activity;
    $("waiting").hidden = !waiting;
    $("activity").hidden = waiting;
    if (waiting) return;
    const kind = App.kinds[activity.kind];
    const open = activity.state === "open";
    $("prompt").textContent = activity.prompt;
    const stateBadge = $("activity-state");
    stateBadge.hidden = open;
    stateBadge.textContent = activity.state === "closed" ? App.t("closed_phone") : App.t("not_open_phone");
    const renderKey = activity.id + ":" + activity.state + ":" + JSON.stringify(activity.config);
    if (renderedFor !== renderKey) {
      // Re-render only when the question or its state changed, so a tap in progress is kept.
      const shown = pending && pending.activity_id === activity.id ? pending.answer : answers[activity.id];
      readAnswer = kind.renderAnswer($("answer-area"), activity, shown, !open);
      renderedFor = renderKey;
      if (pending && pending.activity_id === activity.id) setStatus(App.t("not_saved_retrying"), "pending");
      else if (answers[activity.id]) setStatus(App.t("saved"), "saved");
      else setStatus("");
    }
    $("send").hidden = !open;
    const resultsBox = $("results");
    resultsBox.hidden = !results;
    if (results) kind.renderResults($("results-chart"), activity, results, { sort: "score", frozen: true });
  }

  function send(value) {
    storePending(value);
    setStatus(App.t("saving"), "saving");
    const retryLater = (message) => {
      // Keep the answer and try again with the same request id; the server counts it once.
      setStatus(message || App.t("not_saved_retrying"), "pending");
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => { if (socket.connected && pending) send(pending); }, 3000 + Math.random() * 3000);
    };
    App.request(socket, "respond", value, 8000).then((ack) => {
      if (!pending || pending.request_id !== value.request_id) return; // superseded meanwhile
      if (!ack.ok && RETRYABLE.includes(ack.error.code)) return retryLater(ack.error.message);
      storePending(null);
      if (ack.ok) {
        answers[ack.activity_id] = ack.answer;
        setStatus(App.t("saved"), "saved");
      } else {
        setStatus(ack.error.message, "error");
      }
    }).catch(() => {
      // No acknowledgement (timeout, dropped connection): the answer may or may not be stored.
      if (pending && pending.request_id === value.request_id) retryLater();
    });
  }

  $("answer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!activity || activity.state !== "open" || !readAnswer) return;
    const answer = readAnswer();
    const kind = App.kinds[activity.kind];
    if (!kind.isComplete(answer, activity)) {
      setStatus(kind.incompleteMessage ? kind.incompleteMessage(activity) : App.t("choose_one"), "error");
      return;
    }
    send({ activity_id: activity.id, answer: answer, request_id: App.requestId() });
  });

  function sync() {
    App.request(socket, "sync", {}, 10000).then((ack) => {
      if (!ack.ok) return setStatus(ack.error.message, "error");
      activity = ack.view.activity;
      answers = ack.view.answers || {};
      App.seed = ack.view.seed || 1;
      renderedFor = null;
      render(ack.view.results);
      if (pending) send(pending);
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
  socket.on("state", (state) => {
    activity = state.activity;
    render(state.results);
  });
  socket.on("results", (message) => {
    if (activity && message.activity_id === activity.id && activity.results_revealed) {
      render(message.results);
    }
  });
})();
