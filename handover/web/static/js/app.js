// Shared helpers for every page: the CSRF token for script requests, confirmation buttons.
"use strict";

window.handover = {
  csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  },
};

// Buttons with data-confirm ask before their form is sent (apply, undo, deactivate...).
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
