// Small enhancements of plain forms; every form also works without them.
"use strict";

// The sort menu applies as soon as it changes.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.requestSubmit();
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  // Destructive forms ask first.
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  // A checked box sends its own value, so its hidden "off" stays out of the URL.
  for (const hidden of form.querySelectorAll("input[data-off-for]")) {
    const box = form.querySelector(`input[type="checkbox"][name="${hidden.dataset.offFor}"]`);
    hidden.disabled = box !== null && box.checked;
  }
});

// On a phone the facets come first, folded into a drawer above the results.
const narrow = window.matchMedia("(max-width: 760px)");
document.addEventListener("DOMContentLoaded", () => {
  if (narrow.matches) {
    for (const drawer of document.querySelectorAll("details[data-drawer]")) drawer.open = false;
  }
});
