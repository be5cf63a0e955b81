/* The projector screen. Shows the join page when nothing is presented, otherwise the presented
   activity with its live results (only once revealed). A presenter clicker's keys move through
   the agenda; B or "." reveals or hides the results; A shows where the room agrees and where it
   is divided; T switches light/dark; F goes full screen. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const auth = { role: "screen", workshop: App.data.workshop_id };
  if (App.data.key) auth.key = App.data.key;
  const socket = App.connect(auth);
  let view = null;

  const theme = new URLSearchParams(location.search).get("theme") || localStorage.getItem("screen-theme") || "dark";
  document.body.dataset.theme = theme;

  let agreementView = false;

  /** Two lists side by side: where the room agrees most, and where it is most divided. */
  function renderAgreementLists(container, themes) {
    const rated = themes.filter((theme) => theme.agreement !== null && theme.agreement !== undefined);
    container.textContent = "";
    const lists = App.el("div", "agreement-lists");
    // Each theme in one list only: the most agreed half, then the most divided of the rest.
    const agreed = App.sortThemes(rated, "agreed").slice(0, Math.min(5, Math.ceil(rated.length / 2)));
    const divided = App.sortThemes(rated.filter((theme) => !agreed.includes(theme)), "divided");
    [["most_agreed", agreed], ["most_divided", divided]].forEach(([title, list]) => {
      const column = App.el("section", "");
      column.appendChild(App.el("h2", "", App.t(title)));
      const ol = App.el("ol", "");
      list.slice(0, 5).forEach((theme) => {
        const item = App.el("li", "", theme.label + " ");
        App.agreementNodes(theme).forEach((node) => item.appendChild(node));
        ol.appendChild(item);
      });
      column.appendChild(ol);
      lists.appendChild(column);
    });
    container.appendChild(lists);
  }

  function presented() {
    return view && view.activities.find((a) => a.id === view.workshop.presented_activity_id);
  }

  function renderCounts() {
    document.querySelectorAll(".joined-count").forEach((node) => { node.textContent = view.joined; });
    const activity = presented();
    $("answered-count").textContent = activity ? activity.results.responses : 0;
    // Ideas and questions are counted as entries, not as people who answered.
    $("answered-part").hidden = Boolean(activity && (activity.kind === "ideas" || activity.kind === "qa"));
  }

  function render() {
    if (!view) return;
    const activity = presented();
    $("lobby").hidden = !!activity;
    $("presented").hidden = !activity;
    renderCounts();
    if (!activity) return;
    $("screen-prompt").textContent = activity.prompt;
    App.showTimer($("screen-timer"), activity);
    const chart = $("screen-chart");
    const shown = activity.results_revealed || activity.results_live;
    chart.classList.toggle("has-map", activity.kind === "matrix" && shown && !agreementView);
    if (shown && agreementView && activity.results.themes) {
      $("screen-status").textContent = "";
      renderAgreementLists(chart, activity.results.themes);
    } else if (shown) {
      $("screen-status").textContent = activity.state === "closed" ? App.t("state_closed") : "";
      if (chart.querySelector(".agreement-lists")) chart.textContent = "";
      // Sorted once when revealed, then kept in that order while answers still arrive.
      App.renderResultsOf(chart, activity, activity.results, { sort: "score", frozen: true });
    } else {
      chart.textContent = "";
      if (activity.kind === "poll") {
        // Before the reveal the room still sees what it can choose from.
        const options = App.el("ol", "poll-options");
        activity.config.options.forEach((option) => options.appendChild(App.el("li", "", option.label)));
        chart.appendChild(options);
      }
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
    } else if (event.key === "a" || event.key === "A") {
      agreementView = !agreementView;
      render();
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
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect") {
      // The facilitator renewed the screen link (or deleted the workshop): this link is done.
      $("screen-connection").dataset.state = "reconnecting";
      $("screen-connection").textContent = App.t("screen_disconnected");
      return;
    }
    App.showConnection($("screen-connection"), "reconnecting");
  });
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
