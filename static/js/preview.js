/* The facilitator's preview of an activity as a phone shows it. No connection; nothing is sent. */
"use strict";

(function () {
  const activity = App.data.activity;
  const kind = App.kinds[activity.kind];
  const status = document.getElementById("save-status");
  document.getElementById("answer-form").dataset.kind = activity.kind;
  const context = { entries: [], results: { questions: [] }, upvoted: new Set(), upvote: () => {} };
  const read = kind.renderAnswer(document.getElementById("answer-area"), Object.assign({}, activity, { state: "open" }), null, false, context);
  document.getElementById("answer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const answer = read();
    status.dataset.state = kind.isComplete(answer, activity) ? "saved" : "error";
    status.textContent = kind.isComplete(answer, activity)
      ? App.t("preview_not_sent")
      : (kind.incompleteMessage ? kind.incompleteMessage(activity) : App.t("choose_one"));
  });
})();
