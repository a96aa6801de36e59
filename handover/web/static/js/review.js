// Card review: fit the field boxes to the image, light up a field's box while it is edited,
// start on the first unsure field, and confirm with Ctrl+Enter (then the next card opens).
"use strict";

(() => {
  const img = document.getElementById("card-img");
  const svg = document.getElementById("card-boxes");
  if (img && svg) {
    const fit = () => {
      if (img.naturalWidth) svg.setAttribute("viewBox", `0 0 ${img.naturalWidth} ${img.naturalHeight}`);
    };
    if (img.complete) fit();
    img.addEventListener("load", fit);
  }
  const form = document.getElementById("review-form");
  if (!form) return;
  const boxFor = (name) => (svg ? svg.querySelector(`rect[data-field="${name}"]`) : null);
  form.querySelectorAll("label.field").forEach((label) => {
    const input = label.querySelector("input, textarea");
    const box = boxFor(label.dataset.field);
    if (!input || !box) return;
    input.addEventListener("focus", () => box.classList.add("active"));
    input.addEventListener("blur", () => box.classList.remove("active"));
  });
  const first = form.querySelector("label.unsure input, label.unsure textarea") || form.querySelector("input[name=name]");
  if (first && !first.readOnly) first.focus();
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(form.querySelector("button[data-testid=confirm]"));
    }
  });
})();
