/* Multiple choice: the answer controls on the phone and the result bars everywhere. */
"use strict";

App.kinds.poll = {
  /** Render radio buttons (one choice) or checkboxes (several) into container.
      Returns a function that reads the current answer. */
  renderAnswer(container, activity, answer, disabled) {
    const config = activity.config;
    const single = config.max_choices === 1;
    const chosen = new Set((answer && answer.choices) || []);
    container.textContent = "";
    const fieldset = App.el("fieldset", "choices");
    fieldset.appendChild(
      App.el("legend", "hint", single ? App.t("choose_one") : App.t("choose_up_to", { max: config.max_choices }))
    );
    config.options.forEach((option) => {
      const label = App.el("label", "choice");
      const input = document.createElement("input");
      input.type = single ? "radio" : "checkbox";
      input.name = "choice";
      input.value = option.id;
      input.checked = chosen.has(option.id);
      input.disabled = disabled;
      label.appendChild(input);
      label.appendChild(App.el("span", "choice-label", option.label));
      fieldset.appendChild(label);
    });
    if (!single) {
      // Never let more boxes be ticked than allowed.
      fieldset.addEventListener("change", () => {
        const boxes = Array.from(fieldset.querySelectorAll("input"));
        const full = boxes.filter((box) => box.checked).length >= config.max_choices;
        boxes.forEach((box) => { box.disabled = disabled || (full && !box.checked); });
      });
      fieldset.dispatchEvent(new Event("change"));
    }
    container.appendChild(fieldset);
    return () => ({
      choices: Array.from(fieldset.querySelectorAll("input:checked"), (input) => input.value),
    });
  },

  /** True when the answer has something to send. */
  isComplete(answer) {
    return answer.choices.length > 0;
  },

  /** Before the reveal, the screen still shows the room what it can choose from. */
  renderBeforeReveal(container, activity) {
    const options = App.el("ol", "poll-options");
    activity.config.options.forEach((option) => options.appendChild(App.el("li", "", option.label)));
    container.appendChild(options);
  },

  /** Draw the tally as bars in option order. */
  renderResults(container, activity, results) {
    const rows = activity.config.options.map((option) => ({
      key: option.id,
      label: option.label,
      value: results.counts[option.id] || 0,
    }));
    App.renderBars(container, rows, results.responses);
  },
};
