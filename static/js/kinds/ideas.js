/* Ideas: a participant sends short texts; the screen shows them as a wall or a word cloud.
   Everything typed is set as text, never as HTML. */
"use strict";

(function () {
/** A participant's own ideas or questions, with what moderation did to them (not who). */
function renderMine(list, entries) {
  list.textContent = "";
  entries.forEach((entry) => {
    const item = App.el("li", "mine-entry");
    item.appendChild(App.el("span", "", entry.text));
    if (entry.status !== "visible") {
      item.appendChild(App.el("span", "badge hidden-results", App.t(entry.status === "pending" ? "waiting_for_review" : "not_shown")));
    }
    list.appendChild(item);
  });
}

/** The text box with a character counter, shared by ideas and questions. */
function compose(container, activity, disabled, placeholder) {
  const label = App.el("label", "visually-hidden", placeholder);
  label.htmlFor = "entry-text";
  const box = document.createElement("textarea");
  box.id = "entry-text";
  box.className = "entry-text";
  box.maxLength = activity.config.max_length;
  box.rows = 3;
  box.placeholder = placeholder;
  box.disabled = disabled;
  const counter = App.el("p", "hint counter");
  const count = () => { counter.textContent = box.value.length + " / " + activity.config.max_length; };
  box.addEventListener("input", count);
  count();
  container.append(label, box, counter);
  return box;
}

/** What ideas and questions share: a text box whose text is the answer. */
const textEntry = {
  collects: true,

  sent(container) {
    const box = container.querySelector(".entry-text");
    box.value = "";
    box.dispatchEvent(new Event("input"));
  },

  isComplete(answer) {
    return answer.text.trim().length > 0;
  },

  /** True when this participant has sent as many as the activity allows. */
  limitReached(activity, context) {
    return context.entries.length >= activity.config.per_participant;
  },

  /** "2 of 3 sent", or that the limit is reached. */
  sentCount(activity, context) {
    const max = activity.config.per_participant;
    return this.limitReached(activity, context) ? App.t("limit_reached", { max: max }) : App.t("sent_of", { n: context.entries.length, max: max });
  },

  incompleteMessage() {
    return App.t("write_first");
  },
};

App.kinds.ideas = Object.assign({}, textEntry, {

  renderAnswer(container, activity, answer, disabled, context) {
    container.textContent = "";
    const box = compose(container, activity, disabled, App.t("your_idea"));
    container.appendChild(App.el("p", "hint sent-count"));
    container.appendChild(App.el("h2", "mine-title after-send", App.t("your_ideas")));
    container.appendChild(App.el("ol", "mine after-send"));
    this.update(container, activity, context);
    return () => ({ text: box.value });
  },

  update(container, activity, context) {
    const sent = context.entries.length;
    container.querySelector(".sent-count").textContent = this.sentCount(activity, context);
    container.querySelector(".mine-title").hidden = sent === 0;
    renderMine(container.querySelector(".mine"), context.entries);
    container.querySelector(".entry-text").disabled = activity.state !== "open" || this.limitReached(activity, context);
  },

  sendLabel() {
    return App.t("send_idea");
  },

  renderResults(container, activity, results) {
    container.textContent = "";
    if (!results.responses) {
      container.appendChild(App.el("p", "empty", App.t("no_ideas_yet")));
      return;
    }
    if (activity.config.display === "cloud") {
      const cloud = App.el("p", "word-cloud");
      const max = Math.max(1, ...results.words.map((word) => word.count));
      results.words.forEach((word) => {
        const span = App.el("span", "cloud-word", word.word);
        // Sized by the square root of its frequency (0.9 to 2.6 times the base size), so that
        // one very common word does not drown the rest; the count is in the title too.
        span.style.fontSize = (0.9 + 1.7 * Math.sqrt(word.count / max)).toFixed(2) + "em";
        span.title = String(word.count);
        cloud.appendChild(span);
      });
      container.appendChild(cloud);
      return;
    }
    const wall = App.el("ul", "idea-wall");
    results.ideas.forEach((idea) => wall.appendChild(App.el("li", "idea-card", idea.text)));
    container.appendChild(wall);
  },
});

App.collect = { renderMine, compose, textEntry };
})();
