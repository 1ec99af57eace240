/* The confidential form of a consultation (EN-1): what is typed is saved as a draft a moment
   after typing stops, through htmx, and the status line under the form says when.

   The form carries data-draft-url (where to post), data-draft-status (the id of its status
   line, role="status") and data-draft-error (what to say when saving fails). Without this
   script the "Save as draft" button does the same; nothing here is required.
   CSP-safe: no eval, no inline script or style. */
(function () {
  "use strict";

  const SAVE_DELAY_MS = 2000;

  function serialise(form) {
    const values = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") values.append(name, String(value));
    });
    return values.toString();
  }

  function setUp(form) {
    const status = document.getElementById(form.dataset.draftStatus || "");
    if (!status || !window.htmx) return;
    let timer = null;
    let saved = serialise(form);

    function save() {
      timer = null;
      const typed = serialise(form);
      if (typed === saved) return;
      saved = typed;
      window.htmx.ajax("POST", form.dataset.draftUrl, {
        source: form,
        target: status,
        swap: "innerHTML",
        values: { action: "draft" },
      });
    }

    function saveLater() {
      if (timer !== null) window.clearTimeout(timer);
      timer = window.setTimeout(save, SAVE_DELAY_MS);
    }

    function failed(event) {
      const xhr = event.detail && event.detail.xhr;
      const type = xhr ? xhr.getResponseHeader("Content-Type") || "" : "";
      // A short plain-text reason (an expired session) is shown as it is; anything else
      // gets the form's own message. Typed answers stay on the page either way.
      status.textContent =
        xhr && type.startsWith("text/plain") && xhr.responseText.length < 300
          ? xhr.responseText
          : form.dataset.draftError || "";
      saved = "";
    }

    form.addEventListener("input", saveLater);
    form.addEventListener("change", saveLater);
    form.addEventListener("submit", function () {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
    });
    form.addEventListener("htmx:afterSwap", function () {
      // The first save creates the response: later saves go to its own address.
      const marker = status.querySelector("[data-draft-url]");
      if (marker && marker.dataset.draftUrl) form.dataset.draftUrl = marker.dataset.draftUrl;
    });
    form.addEventListener("htmx:responseError", failed);
    form.addEventListener("htmx:sendError", failed);
  }

  document.querySelectorAll("form[data-draft-url]").forEach(setUp);
})();
