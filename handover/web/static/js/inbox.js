// Inbox: select all, and keep the decision buttons off until something is selected.
"use strict";

(() => {
  const form = document.getElementById("inbox-form");
  if (!form) return;
  const all = document.getElementById("select-all");
  const boxes = () => [...form.querySelectorAll('input[name="item"]')];
  const buttons = [...form.querySelectorAll('button[name="decision"]')];
  const refresh = () => {
    const any = boxes().some((b) => b.checked);
    buttons.forEach((b) => { b.disabled = !any; });
  };
  all.addEventListener("change", () => {
    boxes().forEach((b) => { b.checked = all.checked; });
    refresh();
  });
  form.addEventListener("change", refresh);
  refresh();
})();
