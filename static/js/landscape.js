/* The landscape of the themes on the projector screen (facilitation/landscape_view.py gives the
   figures; only prioritisations whose results are revealed reach the screen). A grid: a row per
   theme, a column per prioritisation with its figure and place, and a mark where the methods
   disagree, and under each theme its sentence (or its remarks) in words when it fits; split by a segment
   question, a column per group with each prioritisation's place.
   Marks are symbols with a legend in words, never colour alone. After drawing, the grid is scaled
   down (--fit-landscape) until it fits the window. screen.js calls Landscape.render. */
"use strict";

window.Landscape = (function () {
  const el = App.el;
  const t = App.t;
  const DISAGREE = "≠";
  const DIVIDED = "⇅";
  // The smallest scale: below it the column captions would fall under 1/72 of the window's height.
  const MIN_FIT = 0.7;
  const SENTENCE_MIN_FIT = 0.9;

  function byActivity(standings) {
    const found = {};
    (standings || []).forEach((standing) => { found[standing.activity_id] = standing; });
    return found;
  }

  function columnHead(prioritisation, themes) {
    const head = el("div", "column-head");
    head.appendChild(el("span", "letter", prioritisation.letter));
    head.appendChild(document.createTextNode(prioritisation.prompt));
    const of = Math.max(0, ...themes.map((theme) =>
      (byActivity(theme.standings)[prioritisation.id] || {}).of || 0));
    const caption = of ? prioritisation.caption + " · " + t("landscape_places_of", { n: of }) : prioritisation.caption;
    head.appendChild(el("span", "column-caption", caption));
    return head;
  }

  /** One theme's standing in one prioritisation: "4,7 nr. 1", with ⇅ for a divided room. */
  function standingCell(standing, className) {
    const cell = el("div", className);
    if (!standing || !standing.n) {
      cell.classList.add("empty-cell");
      cell.textContent = "–";
      return cell;
    }
    cell.appendChild(el("span", "figure", standing.shown));
    if (standing.place) cell.appendChild(el("span", "place", t("landscape_place", { place: standing.place_text })));
    if (standing.divided) cell.appendChild(el("span", "place", DIVIDED));
    return cell;
  }

  function mark(theme) {
    return theme.methods_disagree
      ? el("div", "mark disagree", DISAGREE + " " + t("landscape_disagree_short"))
      : el("div", "mark", "");
  }

  /** The whole room's grid; with `words` ("sentence" or "remarks"), that text of each theme on a
      line of its own under its row. */
  function wholeRoom(body, landscape, words) {
    const columns = landscape.prioritisations;
    const grid = el("div", "landscape-grid");
    grid.style.gridTemplateColumns = `minmax(0, 2.2fr) repeat(${columns.length}, minmax(0, 1fr)) auto`;
    grid.appendChild(el("div", "column-head", t("landscape_theme")));
    columns.forEach((column) => grid.appendChild(columnHead(column, landscape.themes)));
    grid.appendChild(el("div", "column-head", t("landscape_methods")));
    landscape.themes.forEach((theme) => {
      const found = byActivity(theme.standings);
      grid.appendChild(el("div", "theme-name", theme.label));
      columns.forEach((column) => grid.appendChild(standingCell(found[column.id], "cell")));
      grid.appendChild(mark(theme));
      if (words && theme[words]) grid.appendChild(el("div", "sentence " + words, theme[words]));
    });
    body.appendChild(grid);
  }

  /** A group's places in every prioritisation, "A nr. 1 · B nr. 4", and ≠ where they disagree. */
  function groups(body, landscape) {
    const split = landscape.split;
    const columns = landscape.prioritisations;
    if (!split.groups.length) {
      body.appendChild(el("p", "landscape-none", t("no_group_big_enough", { n: split.min_size })));
      return;
    }
    const grid = el("div", "landscape-grid");
    grid.style.gridTemplateColumns = `minmax(0, 2fr) repeat(${split.groups.length}, minmax(0, 1.3fr))`;
    grid.appendChild(el("div", "column-head", t("landscape_theme")));
    split.groups.forEach((group) => {
      const head = el("div", "column-head", group.label);
      const sizes = Object.values(group.n);
      const low = Math.min(...sizes), high = Math.max(...sizes);
      head.appendChild(el("span", "column-caption", "n = " + (low === high ? low : low + "–" + high)));
      grid.appendChild(head);
    });
    landscape.themes.forEach((theme) => {
      grid.appendChild(el("div", "theme-name", theme.label));
      split.groups.forEach((group) => {
        const own = group.themes.find((item) => item.id === theme.id) || { standings: [] };
        const found = byActivity(own.standings);
        const cell = el("div", "cell group-cell");
        columns.forEach((column) => {
          const standing = found[column.id];
          const place = el("span", "group-place");
          place.appendChild(el("span", "letter", column.letter));
          place.appendChild(document.createTextNode(
            standing && standing.place ? t("landscape_place", { place: standing.place_text })
              : standing && standing.n ? standing.shown : "–"));
          cell.appendChild(place);
        });
        if (own.methods_disagree) cell.appendChild(el("span", "group-place disagree", DISAGREE));
        grid.appendChild(cell);
      });
    });
    body.appendChild(grid);
  }

  function notes(section, landscape) {
    const lines = [];
    if (landscape.split) {
      lines.push(landscape.prioritisations.map((column) => column.letter + ": " + column.prompt).join(" · "));
      // One line per text: "A, B: 4 answers are in no group shown …".
      const letters = new Map();
      landscape.split.held_back.forEach((held) => {
        if (!held.held_back) return;
        const column = landscape.prioritisations.find((item) => item.id === held.activity_id);
        const text = t(held.protected ? "held_back_protected" : "held_back", { n: held.held_back, min: landscape.split.min_size });
        letters.set(text, (letters.get(text) || []).concat(column ? [column.letter] : []));
      });
      letters.forEach((columns, text) => lines.push(columns.join(", ") + ": " + text));
    }
    lines.push(DISAGREE + " " + t("landscape_disagree_legend") + " · " + DIVIDED + " " + t("landscape_divided_legend"));
    lines.forEach((line) => section.appendChild(el("p", "landscape-note", line)));
  }

  function overflows(box) {
    return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  }

  /** The largest --fit-landscape in [MIN_FIT, 1] at which the body does not overflow; false
      when it overflows even at MIN_FIT. */
  function fit(section, body) {
    const fits = () => !overflows(body) && !overflows(section);
    body.style.setProperty("--fit-landscape", "1");
    if (fits()) return true;
    let low = MIN_FIT, high = 1;
    for (let i = 0; i < 7; i++) {
      const middle = (low + high) / 2;
      body.style.setProperty("--fit-landscape", String(middle));
      if (fits()) low = middle;
      else high = middle;
    }
    body.style.setProperty("--fit-landscape", String(low));
    return fits();
  }

  /** Draw `landscape` (a landscape_view for the screen) into `section`, fitted to it. The whole
      room's view puts each theme's sentence under its row when everything still fits at a
      readable size; else only its remarks (the sentence's words beyond the figures in the grid:
      a divided room, the methods disagreeing); else (many themes on a small window) no words.
      data-sentences says which: "shown", "remarks", "left-out", or "none" for the groups' view,
      whose words would be the whole room's. */
  function render(section, landscape) {
    section.dataset.fit = "drawing";
    const levels = landscape.split ? [null] : ["sentence", "remarks", null];
    // Whole sentences only where the grid stays nearly as large as without them: the figures
    // come first, and words shrunk to fit would not be read from the back of the hall.
    const readable = (words) => draw(section, landscape, words) && (words !== "sentence" || scale(section) >= SENTENCE_MIN_FIT);
    const level = levels.find((words) => words === null || readable(words));
    if (level === null) draw(section, landscape, null);
    section.dataset.sentences = landscape.split ? "none"
      : { sentence: "shown", remarks: "remarks" }[level] || "left-out";
    section.dataset.fit = "done";
  }

  /** The scale the last fit chose (1: as designed). */
  function scale(section) {
    const body = section.querySelector(".landscape-body");
    return body ? parseFloat(body.style.getPropertyValue("--fit-landscape") || "1") : 1;
  }

  /** Draw and fit, with `words` ("sentence", "remarks" or null) under the themes; whether it fits. */
  function draw(section, landscape, words) {
    section.textContent = "";
    const title = landscape.split
      ? t("landscape_title_split", { question: landscape.split.question })
      : t("landscape_title");
    section.appendChild(el("h1", "landscape-title", title));
    const body = el("div", "landscape-body");
    section.appendChild(body);
    if (!landscape.themes.length) {
      body.appendChild(el("p", "landscape-none", t("landscape_no_themes")));
    } else if (!landscape.prioritisations.length) {
      body.appendChild(el("p", "landscape-none", t("landscape_nothing_revealed")));
    } else {
      if (landscape.split) groups(body, landscape);
      else wholeRoom(body, landscape, words);
      notes(section, landscape);
    }
    return fit(section, body);
  }

  return { render };
})();
