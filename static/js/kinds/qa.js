/* Q&A: ask a question, and vote for others' (one vote each, which you can take back). The
   phone shows the room's questions live; the screen ranks them and shows a highlighted one. */
"use strict";

(function () {
function questionList(list, results, context, own) {
  // The list is drawn again on every vote in the room; a keyboard's focus on a vote button must
  // survive that (WCAG 2.4.3), or it would jump to the top of the page.
  const active = document.activeElement;
  const focusedVote = active && active.classList.contains("upvote") && list.contains(active) ? active.dataset.id : null;
  list.textContent = "";
  const questions = (results && results.questions) || [];
  if (!questions.length) list.appendChild(App.el("li", "empty", App.t("no_questions_yet")));
  questions.forEach((question) => {
    const item = App.el("li", "question" + (question.answered ? " answered" : "") + (question.highlighted ? " highlighted" : ""));
    const text = App.el("span", "question-text", question.text);
    item.appendChild(text);
    const meta = App.el("span", "question-meta");
    if (question.highlighted) meta.appendChild(App.el("span", "badge presented", App.t("on_screen_now")));
    if (question.answered) meta.appendChild(App.el("span", "badge state-closed", App.t("answered")));
    if (context && !own.has(question.id)) {
      const voted = context.upvoted.has(question.id);
      // The name read out starts with what the button shows ("▲ 3"), as voice control needs.
      const button = App.el("button", "upvote", "▲ " + question.votes);
      button.appendChild(App.el("span", "visually-hidden", " " + App.t(voted ? "take_vote_back" : "vote_for", { n: question.votes })));
      button.type = "button";
      button.setAttribute("aria-pressed", String(voted));
      button.disabled = !context.open;
      button.dataset.id = String(question.id);
      button.addEventListener("click", () => context.upvote(question.id, !voted));
      meta.appendChild(button);
    } else {
      meta.appendChild(App.el("span", "votes", App.t("votes", { n: question.votes })));
      if (context) meta.appendChild(App.el("span", "badge", App.t("yours")));
    }
    item.appendChild(meta);
    list.appendChild(item);
  });
  if (focusedVote) {
    const again = list.querySelector(`.upvote[data-id="${focusedVote}"]`);
    if (again) again.focus();
  }
  // A phone gets the top of a long list (kinds/qa.py phone_results); say how many more there are.
  if (results && results.more) list.appendChild(App.el("li", "more-questions", App.t("more_questions", { n: results.more })));
}

App.kinds.qa = Object.assign({}, App.collect.textEntry, {
  resultsInAnswer: true,

  renderAnswer(container, activity, answer, disabled, context) {
    container.textContent = "";
    const box = App.collect.compose(container, activity, disabled, App.t("your_question"));
    container.appendChild(App.el("p", "hint sent-count"));
    container.appendChild(App.el("h2", "after-send", App.t("questions_in_the_room")));
    container.appendChild(App.el("ol", "questions after-send"));
    container.appendChild(App.el("h2", "mine-title after-send", App.t("your_questions")));
    container.appendChild(App.el("ol", "mine after-send"));
    this.update(container, activity, context);
    return () => ({ text: box.value });
  },

  update(container, activity, context) {
    const sent = context.entries.length;
    container.querySelector(".sent-count").textContent = this.sentCount(activity, context);
    const own = new Set(context.entries.map((entry) => entry.id));
    context.open = activity.state === "open";
    questionList(container.querySelector(".questions"), context.results, context, own);
    // The participant's own questions that the list above does not show: held back, or below its top.
    const listed = new Set(((context.results && context.results.questions) || []).map((question) => question.id));
    const notListed = context.entries.filter((entry) => entry.status !== "visible" || !listed.has(entry.id));
    container.querySelector(".mine-title").hidden = !notListed.length;
    App.collect.renderMine(container.querySelector(".mine"), notListed);
    container.querySelector(".entry-text").disabled = activity.state !== "open" || this.limitReached(activity, context);
  },

  sendLabel() {
    return App.t("send_question");
  },

  renderResults(container, activity, results) {
    container.textContent = "";
    const highlighted = results.questions.find((question) => question.highlighted);
    if (highlighted) container.appendChild(App.el("p", "highlighted-question", highlighted.text));
    const list = App.el("ol", "questions");
    questionList(list, { questions: results.questions.filter((question) => question !== highlighted) }, null, new Set());
    container.appendChild(list);
  },
});
})();
