// Search as you type: after a short pause, ask the server and redraw the results.
"use strict";

(() => {
  const form = document.getElementById("contact-search");
  if (!form) return;
  const body = document.querySelector("#contact-table tbody");
  const none = document.getElementById("contact-labels").dataset.none;
  const more = document.getElementById("contact-more");
  let timer = null;
  let latest = 0;

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text || "";
    return td;
  }

  async function run() {
    const params = new URLSearchParams(new FormData(form));
    const ticket = ++latest;
    const response = await fetch(`${form.dataset.url}?${params}`, { headers: { Accept: "application/json" } });
    if (!response.ok || ticket !== latest) return; // a newer query is on its way
    const answer = await response.json();
    body.replaceChildren();
    for (const c of answer.contacts) {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      const link = document.createElement("a");
      link.href = c.url;
      link.textContent = c.name;
      link.dataset.testid = "contact-link";
      name.append(link);
      if (c.name_kana) {
        const kana = document.createElement("span");
        kana.className = "muted small";
        kana.textContent = c.name_kana;
        name.append(document.createElement("br"), kana);
      }
      tr.append(name, cell(c.organization), cell([c.department, c.title].filter(Boolean).join(" ")),
        cell(c.holders.join("、")));
      body.append(tr);
    }
    if (!answer.contacts.length) {
      const tr = document.createElement("tr");
      const td = cell(none);
      td.colSpan = 4;
      tr.append(td);
      body.append(tr);
    }
    if (more) more.classList.toggle("hidden", !answer.more);
    window.history.replaceState(null, "", `?${params}`);
  }

  form.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 250);
  });
  form.addEventListener("change", () => {
    window.clearTimeout(timer);
    run();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
})();
