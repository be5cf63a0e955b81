/* The projector screen. Shows the join page when nothing is presented, otherwise the presented
   activity with its live results (only once revealed). A presenter clicker's keys move through
   the agenda (and through the pages of a long wall of ideas or questions first); B or "."
   reveals or hides the results; L shows or hides the landscape of the themes; A shows where the room agrees and where it is divided; T
   switches light/dark; F goes full screen.

   Everything fits the window: after each drawing the question and the results are scaled down
   until they fit (fitScreen), and a long wall of ideas or questions is shown a page at a time. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const auth = { role: "screen", workshop: App.data.workshop_id };
  if (App.data.key) auth.key = App.data.key;
  const socket = App.connect(auth);
  let view = null;

  // Inside another site's frame (slides, a stream page) the browser may deny storage altogether:
  // the theme is then only not remembered.
  function remembered(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch (denied) { /* a third-party frame without storage */ }
    return null;
  }
  const theme = new URLSearchParams(location.search).get("theme") || remembered("screen-theme") || "dark";
  document.body.dataset.theme = theme;

  let agreementView = false;
  const PAGE_SECONDS = 8;
  // The page of a long list shown now: its activity and its first item; `starts` are the first
  // items of the pages before it (to go back).
  let page = { activity: null, start: 0, starts: [], end: 0, total: 0 };

  /** A list of themes, each with its agreement figure and, for a divided room, the badge. */
  function themeList(themes) {
    const ol = App.el("ol", "");
    themes.forEach((theme) => {
      const item = App.el("li", "");
      item.appendChild(App.el("span", "agreement-theme", theme.label));
      App.agreementNodes(theme).forEach((node) => item.appendChild(node));
      ol.appendChild(item);
    });
    return ol;
  }

  /**
   * Where the room agrees most, and where it is divided: divided themes are only those flagged
   * as a divided room; without any, the least agreed theme is named as such. A ranking has no
   * agreement figure, and says so (kinds without themes show their results as usual).
   */
  function renderAgreementLists(container, activity) {
    container.textContent = "";
    const themes = activity.results.themes || [];
    const rated = themes.filter((theme) => theme.agreement !== null && theme.agreement !== undefined);
    if (!activity.traits.agreement) {
      container.appendChild(App.el("p", "agreement-none", App.t("no_agreement_figure")));
      return;
    }
    if (!rated.length) {
      container.appendChild(App.el("p", "agreement-none", App.t("agreement_needs_answers")));
      return;
    }
    const lists = App.el("div", "agreement-lists");
    const divided = App.sortThemes(rated.filter((theme) => theme.divided), "divided");
    const rest = App.sortThemes(rated.filter((theme) => !theme.divided), "agreed");
    const agreed = rest.slice(0, 5);
    const columns = [["most_agreed", agreed]];
    if (divided.length) {
      columns.push(["divided_themes", divided.slice(0, 5)]);
    } else {
      const least = rest.length > agreed.length ? rest[rest.length - 1] : null;
      columns.push(["least_agreed", least ? [least] : []]);
    }
    columns.forEach(([title, list]) => {
      const column = App.el("section", "");
      column.appendChild(App.el("h2", "", App.t(title)));
      column.appendChild(themeList(list));
      if (title === "least_agreed") column.appendChild(App.el("p", "hint", App.t("no_theme_divided")));
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
    $("answered-part").hidden = Boolean(activity && activity.traits.collects);
  }

  function render() {
    if (!view) return;
    // The landscape of the themes, when the facilitator put it up, covers the rest (landscape.js).
    $("landscape").hidden = !view.landscape;
    if (view.landscape) {
      $("lobby").hidden = $("presented").hidden = true;
      renderCounts();
      $("answered-part").hidden = true;
      Landscape.render($("landscape"), view.landscape);
      return;
    }
    const activity = presented();
    $("lobby").hidden = !!activity;
    $("presented").hidden = !activity;
    renderCounts();
    if (!activity) return;
    const section = $("presented");
    section.dataset.fit = "drawing";
    $("screen-prompt").textContent = activity.prompt;
    App.showTimer($("screen-timer"), activity);
    const chart = $("screen-chart");
    if (chart.dataset.activity !== String(activity.id)) {
      // Another activity: nothing of the last one's drawing is kept.
      chart.textContent = "";
      chart.className = "chart screen-chart";
      chart.dataset.activity = String(activity.id);
    }
    if (page.activity !== activity.id) page = { activity: activity.id, start: 0, starts: [], end: 0, total: 0 };
    const shown = activity.results_revealed || activity.results_live;
    chart.classList.toggle("has-map", activity.traits.chart === "map" && shown && !agreementView && !activity.results.split);
    let status = "";
    if (shown && agreementView && activity.results.themes) {
      renderAgreementLists(chart, activity);
    } else if (shown) {
      status = activity.state === "closed" ? App.t("state_closed") : "";
      if (chart.querySelector(".agreement-lists, .agreement-none")) chart.textContent = "";
      App.renderResultsOf(chart, activity, activity.results, { sort: "score", screen: true });
    } else {
      chart.textContent = "";
      // Before the reveal the room may still see what it can choose from (the kind decides).
      const kind = App.kinds[activity.kind];
      if (kind && kind.renderBeforeReveal) kind.renderBeforeReveal(chart, activity);
      status = App.t("answers", { n: activity.results.responses }) +
        (activity.state === "closed" ? " · " + App.t("state_closed") : "");
    }
    $("screen-status").textContent = status;
    fitScreen();
    section.dataset.fit = "done";
  }

  function overflows(box) {
    return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  }

  /** The largest scale in [min, 1] (CSS variable `property` on element) at which fits() holds;
      min when none does. A binary search: 7 layouts at most. */
  function fitScale(element, property, fits, min) {
    element.style.setProperty(property, "1");
    if (fits()) return 1;
    let low = min, high = 1;
    for (let i = 0; i < 7; i++) {
      const middle = (low + high) / 2;
      element.style.setProperty(property, String(middle));
      if (fits()) low = middle;
      else high = middle;
    }
    element.style.setProperty(property, String(low));
    return low;
  }

  /** Show items[start…end) of a long list, with end as far as the chart still fits. A page that
      starts inside a group (a theme's next steps) shows the group's heading (.page-heading) too,
      and a page does not end on a heading whose items are on the next. */
  function showPage(list, chart, start) {
    const items = Array.from(list.children);
    const heading = items.slice(0, start + 1).reverse().find((item) => item.classList.contains("page-heading"));
    const show = (end) => items.forEach((item, index) => { item.hidden = (index < start || index >= end) && item !== heading; });
    let low = Math.min(items.length, start + 1), high = items.length;
    show(high);
    if (!overflows(chart)) return high;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      show(middle);
      if (overflows(chart)) high = middle - 1;
      else low = middle;
    }
    if (low - 1 > start && items[low - 1].classList.contains("page-heading")) low -= 1;
    show(low);
    return low;
  }

  /**
   * Scale the question and the results so that both fit the window without scrolling: the
   * question takes at most a third of the height; the results are scaled down to a readable
   * minimum, and a wall of ideas or a list of questions that still does not fit is paged.
   */
  function fitScreen() {
    const section = $("presented");
    const prompt = $("screen-prompt");
    const chart = $("screen-chart");
    const fitPrompt = (share, min) =>
      fitScale(section, "--fit-prompt", () => prompt.getBoundingClientRect().height <= section.clientHeight * share, min);
    fitPrompt(1 / 3, 0.5);
    const map = chart.querySelector(".strategy-map");
    if (map && chart.classList.contains("has-map")) {
      // The map is a square as high as the results area (and at most 60 % of its width).
      const side = Math.max(100, Math.min(chart.clientHeight, chart.clientWidth * 0.6));
      map.style.width = map.style.height = side + "px";
    }
    const pageable = chart.querySelector(".idea-wall, ol.questions, .pageable");
    const total = pageable ? pageable.children.length : 0;
    page.total = total;
    if (!pageable) {
      // Dense results: the question gives up some of its room first, then the themes' detail
      // lines (figures the dashboard still shows) before the text gets too small to read.
      chart.classList.remove("terse");
      const fitChart = () => fitScale(chart, "--fit", () => !overflows(chart), 0.35);
      if (fitChart() < 0.75) {
        fitPrompt(1 / 5, 0.55);
        if (fitChart() < 0.7 && chart.querySelector(".theme-detail")) {
          chart.classList.add("terse");
          fitChart();
        }
      }
      return;
    }
    const scale = fitScale(chart, "--fit", () => !overflows(chart), 0.75);
    if (scale > 0.75 || !overflows(chart)) {
      page.start = 0;
      page.starts = [];
      page.end = total;
    } else {
      if (page.start >= total) { page.start = 0; page.starts = []; }
      page.end = showPage(pageable, chart, page.start);
    }
    if (page.end - page.start < total) {
      // Counted in entries: a group's heading is not one.
      const entries = Array.from(pageable.children).map((item) => !item.classList.contains("page-heading"));
      const before = (end) => entries.slice(0, end).filter(Boolean).length;
      $("screen-status").textContent = App.t("shown_of", { from: before(page.start) + 1, to: before(page.end), total: before(total) });
    }
  }

  /** Next (1) or previous (-1) page of a long list; false when there is none that way. */
  function turnPage(delta) {
    const activity = presented();
    if (!activity || page.activity !== activity.id || page.end - page.start >= page.total) return false;
    if (delta > 0) {
      if (page.end >= page.total) return false;
      page.starts.push(page.start);
      page.start = page.end;
    } else {
      if (!page.starts.length) return false;
      page.start = page.starts.pop();
    }
    render();
    return true;
  }

  // A long list turns its pages by itself, and starts again after the last.
  setInterval(() => {
    if (document.hidden || turnPage(1)) return;
    const activity = presented();
    if (activity && page.activity === activity.id && page.start > 0 && page.end >= page.total) {
      page.start = 0;
      page.starts = [];
      render();
    }
  }, PAGE_SECONDS * 1000);

  window.addEventListener("resize", () => render());

  /** Steer the room (the screen the facilitator opened may; one opened by its link only shows,
      and the server's answer says so on the status line for a few seconds). */
  function steer(event, payload) {
    socket.emit(event, payload, (ack) => {
      if (ack && !ack.ok && ack.error) {
        $("screen-status").textContent = ack.error.message;
        setTimeout(() => render(), 6000);
      }
    });
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const forward = ["PageDown", "ArrowRight", "ArrowDown", " ", "Enter"];
    const back = ["PageUp", "ArrowLeft", "ArrowUp", "Backspace"];
    if (forward.includes(event.key)) { if (!turnPage(1)) steer("step", { delta: 1 }); }
    else if (back.includes(event.key)) { if (!turnPage(-1)) steer("step", { delta: -1 }); }
    else if (["b", "B", ".", "r", "R"].includes(event.key)) steer("toggle_results", {});
    else if (event.key === "l" || event.key === "L") steer("toggle_landscape", {});
    else if (event.key === "t" || event.key === "T") {
      document.body.dataset.theme = document.body.dataset.theme === "dark" ? "light" : "dark";
      remembered("screen-theme", document.body.dataset.theme);
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
    // A tally read just before a reveal (or a hide) may arrive after the workshop event that
    // changed it: the view already holds the newer results, so the older kind is dropped.
    if (!activity || message.shown !== Boolean(activity.results_revealed || activity.results_live)) return;
    activity.results = message.results;
    if (activity === presented()) render();
  });
  socket.on("landscape", (landscape) => {
    if (!view) return;
    view.landscape = landscape;
    render();
  });
  socket.on("presence", (presence) => {
    if (!view) return;
    view.joined = presence.joined;
    view.connected = presence.connected;
    renderCounts();
  });
})();
