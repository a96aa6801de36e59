// Card upload: many files at once, one request per file so each shows its own progress,
// then poll the reading queue until every scan is read.
"use strict";

(() => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const table = document.getElementById("upload-table");
  const body = table.querySelector("tbody");
  const done = document.getElementById("upload-done");
  const labels = document.getElementById("upload-labels").dataset;
  const maxBytes = Number(form.dataset.maxBytes);
  const scans = new Map(); // scan id -> status cell
  let sending = 0;
  const queue = [];
  const PARALLEL = 3;

  function row(file) {
    const tr = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = file.name;
    const progressCell = document.createElement("td");
    const progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progressCell.append(progress);
    const status = document.createElement("td");
    status.className = "upload-status";
    status.textContent = labels.sending;
    tr.append(name, progressCell, status);
    body.append(tr);
    table.classList.remove("hidden");
    return { progress, status };
  }

  function send(file, view) {
    sending += 1;
    const data = new FormData();
    data.append("files", file, file.name);
    data.append("exchanged_on", document.getElementById("exchanged-on").value);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.pathname);
    xhr.setRequestHeader("X-CSRFToken", window.handover.csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) view.progress.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", () => {
      finished();
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (_) { answer = null; }
      if (xhr.status !== 200 || !answer || !answer.results) {
        view.status.textContent = (answer && answer.error) || labels.error;
        view.status.classList.add("error");
        return;
      }
      view.progress.value = 100;
      for (const result of answer.results) {
        if (result.status === "failed") {
          view.status.textContent = `${labels.failed}: ${result.error}`;
          view.status.classList.add("error");
        } else if (result.status === "duplicate") {
          view.status.textContent = labels.duplicate;
          scans.set(result.scan_id, view.status);
        } else {
          view.status.textContent = labels.queued;
          scans.set(result.scan_id, view.status);
        }
      }
      poll();
    });
    xhr.addEventListener("error", () => {
      finished();
      view.status.textContent = labels.error;
      view.status.classList.add("error");
    });
    xhr.send(data);
  }

  function finished() {
    sending -= 1;
    next();
  }

  function next() {
    while (sending < PARALLEL && queue.length) {
      const [file, view] = queue.shift();
      send(file, view);
    }
  }

  function add(files) {
    for (const file of files) {
      const view = row(file);
      if (file.size > maxBytes) {
        view.status.textContent = labels.tooBig;
        view.status.classList.add("error");
        continue;
      }
      queue.push([file, view]);
    }
    next();
  }

  let polling = null;
  function poll() {
    if (polling) return;
    polling = window.setTimeout(async () => {
      polling = null;
      const waiting = [...scans.keys()];
      if (!waiting.length) return;
      const response = await fetch(`${form.dataset.statusUrl}?ids=${waiting.join(",")}`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const answer = await response.json();
      let open = sending > 0 || queue.length > 0;
      for (const scan of answer.scans) {
        const cell = scans.get(scan.id);
        if (!cell) continue;
        if (scan.status === "done") {
          cell.textContent = labels.done.replace("{n}", scan.cards.length);
          cell.classList.add("ok");
          cell.dataset.state = "done";
        } else if (scan.status === "failed") {
          cell.textContent = `${labels.failed}: ${scan.error || ""}`;
          cell.classList.add("error");
          cell.dataset.state = "failed";
        } else {
          cell.textContent = scan.status === "reading" ? labels.reading : labels.queued;
          open = true;
        }
      }
      if (open) poll();
      else done.classList.remove("hidden");
    }, 1200);
  }

  const input = document.getElementById("file-input");
  const camera = document.getElementById("camera-input");
  for (const picker of [input, camera]) {
    picker.addEventListener("change", () => {
      add([...picker.files]);
      picker.value = "";
    });
  }
  const zone = document.getElementById("dropzone");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    add([...e.dataTransfer.files]);
  });
  form.addEventListener("submit", (e) => e.preventDefault());
})();
