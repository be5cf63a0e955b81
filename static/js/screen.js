/* The projector screen. Shows the join page when nothing is presented, otherwise the presented
   activity with its live results (only once revealed). A presenter clicker's keys move through
   the agenda; B or "." reveals or hides the results; T switches light/dark; F goes full screen. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const auth = { role: "screen", workshop: App.data.workshop_id };
  if (App.data.key) auth.key = App.data.key;
  const socket = App.connect(auth);
  let view = null;

  const theme = new URLSearchParams(location.search).get("theme") || localStorage.getItem("screen-theme") || "dark";
  document.body.dataset.theme = theme;

  function presented() {
    return view && view.activities.find((a) => a.id === view.workshop.presented_activity_id);
  }

  function renderCounts() {
    document.querySelectorAll(".joined-count").forEach((node) => { node.textContent = view.joined; });
    const activity = presented();
    $("answered-count").textContent = activity ? activity.results.responses : 0;
  }

  function render() {
    if (!view) return;
    const activity = presented();
    $("lobby").hidden = !!activity;
    $("presented").hidden = !activity;
    renderCounts();
    if (!activity) return;
    $("screen-prompt").textContent = activity.prompt;
    const chart = $("screen-chart");
    if (activity.results_revealed) {
      $("screen-status").textContent = activity.state === "closed" ? App.t("state_closed") : "";
      App.kinds[activity.kind].renderResults(chart, activity, activity.results);
    } else {
      chart.textContent = "";
      $("screen-status").textContent = App.t("answers", { n: activity.results.responses }) +
        (activity.state === "closed" ? " · " + App.t("state_closed") : "");
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const forward = ["PageDown", "ArrowRight", "ArrowDown", " ", "Enter"];
    const back = ["PageUp", "ArrowLeft", "ArrowUp", "Backspace"];
    if (forward.includes(event.key)) socket.emit("step", { delta: 1 });
    else if (back.includes(event.key)) socket.emit("step", { delta: -1 });
    else if (["b", "B", ".", "r", "R"].includes(event.key)) socket.emit("toggle_results", {});
    else if (event.key === "t" || event.key === "T") {
      document.body.dataset.theme = document.body.dataset.theme === "dark" ? "light" : "dark";
      localStorage.setItem("screen-theme", document.body.dataset.theme);
    } else if (event.key === "f" || event.key === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(() => {});
    } else return;
    event.preventDefault();
  });

  socket.on("connect", () => {
    App.showConnection($("screen-connection"), "connected");
    App.request(socket, "sync", {}).then((ack) => { if (ack.ok) { view = ack.view; render(); } });
  });
  socket.on("disconnect", () => App.showConnection($("screen-connection"), "reconnecting"));
  socket.on("connect_error", () => App.showConnection($("screen-connection"), "reconnecting"));
  socket.on("workshop", (next) => { view = next; render(); });
  socket.on("results", (message) => {
    if (!view) return;
    const activity = view.activities.find((a) => a.id === message.activity_id);
    if (!activity) return;
    activity.results = message.results;
    if (activity === presented()) render();
  });
  socket.on("presence", (presence) => {
    if (!view) return;
    view.joined = presence.joined;
    view.connected = presence.connected;
    renderCounts();
  });
})();
