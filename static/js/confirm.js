/* Destructive buttons ask once: a button with data-confirm="question" submits only after "OK". */
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
