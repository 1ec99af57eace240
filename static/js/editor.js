/* The one editor (SPEC CT-4): a toolbar, a character counter, autosaved drafts with a copy kept
   in this browser when the server cannot be reached, attachments by button, drag and drop or
   paste, a server-rendered preview, and a guard against submitting a form twice.

   No build step and no dependency. Every page gets the same behaviour from the data-* attributes
   that templates/editor/field.html writes (data-editor, data-draft-key, data-draft-url,
   data-draft-saved-at, data-discard-url, data-upload-url, data-preview-url, data-max-length);
   a title input of the same form marked data-editor-title is saved with the draft. Everything
   here is an improvement: without it the text area, Preview and submit still work.
   CSP-safe: no eval, no inline script or style. */
(function () {
  "use strict";

  const STORAGE_PREFIX = "collegium:draft:";
  const SAVE_DELAY_MS = 1500;
  const ANNOUNCE_DELAY_MS = 1000;
  const RETRY_DELAY_MS = 30000;
  const KEEPALIVE_MAX_BYTES = 60000; // browsers refuse keepalive bodies over 64 KiB
  const SUBMITTED_COPY_MAX_AGE_MS = 24 * 3600 * 1000;
  const COPY_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

  const locale = (function () {
    const lang = (document.documentElement.lang || "en").toLowerCase();
    return lang.startsWith("fr") ? "fr-CA" : "en-CA";
  })();
  const numberFormat = new Intl.NumberFormat(locale);
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
    );
  }

  function csrfToken(form) {
    // The cookie has the current token even after a sign-in in another tab replaced it.
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    return input ? input.value : "";
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled: the server drafts still work
    }
  }

  function sweepOldCopies() {
    const store = storage();
    if (!store) return;
    const now = Date.now();
    for (let index = store.length - 1; index >= 0; index -= 1) {
      const name = store.key(index);
      if (!name || !name.startsWith(STORAGE_PREFIX)) continue;
      try {
        const copy = JSON.parse(store.getItem(name));
        const age = now - (copy.savedAt || 0);
        if (age > COPY_MAX_AGE_MS || (copy.submitted && age > SUBMITTED_COPY_MAX_AGE_MS)) {
          store.removeItem(name);
        }
      } catch (error) {
        store.removeItem(name);
      }
    }
  }

  /* Text editing ------------------------------------------------------------------------- */

  function replaceRange(textarea, start, end, text, selectStart, selectEnd) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    let inserted = false;
    try {
      // execCommand keeps the browser's undo history; setRangeText is the fallback.
      inserted = text !== "" && document.execCommand("insertText", false, text);
    } catch (error) {
      inserted = false;
    }
    if (!inserted || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(selectStart, selectEnd);
  }

  function wrapSelection(textarea, before, after, placeholder) {
    const { selectionStart: start, selectionEnd: end, value } = textarea;
    const selected = value.slice(start, end);
    if (
      selected &&
      value.slice(start - before.length, start) === before &&
      value.slice(end, end + after.length) === after
    ) {
      // Pressed again on wrapped text: unwrap it.
      replaceRange(textarea, start - before.length, end + after.length, selected,
        start - before.length, end - before.length);
      return;
    }
    if (
      selected.length >= before.length + after.length + 1 &&
      selected.startsWith(before) &&
      selected.endsWith(after)
    ) {
      // The selection includes the markers: unwrap it too.
      const unwrapped = selected.slice(before.length, selected.length - after.length);
      replaceRange(textarea, start, end, unwrapped, start, start + unwrapped.length);
      return;
    }
    const inner = selected || placeholder || "";
    replaceRange(textarea, start, end, before + inner + after,
      start + before.length, start + before.length + inner.length);
  }

  function prefixLines(textarea, prefixFor, pattern) {
    const { selectionStart: start, value } = textarea;
    let end = textarea.selectionEnd;
    if (end > start && value[end - 1] === "\n") end -= 1;
    const lineStart = value.lastIndexOf("\n", start - 1) + 1;
    let lineEnd = value.indexOf("\n", end);
    if (lineEnd === -1) lineEnd = value.length;
    const lines = value.slice(lineStart, lineEnd).split("\n");
    const allPrefixed = lines.every((line) => pattern.test(line));
    const changed = lines
      .map((line, index) => (allPrefixed ? line.replace(pattern, "") : prefixFor(index) + line))
      .join("\n");
    replaceRange(textarea, lineStart, lineEnd, changed, lineStart + changed.length,
      lineStart + changed.length);
    if (lines.length > 1) textarea.setSelectionRange(lineStart, lineStart + changed.length);
  }

  const ACTIONS = {
    bold: (editor) => wrapSelection(editor.textarea, "**", "**"),
    italic: (editor) => wrapSelection(editor.textarea, "_", "_"),
    heading: (editor) => prefixLines(editor.textarea, () => "## ", /^#{1,6} /),
    quote: (editor) => prefixLines(editor.textarea, () => "> ", /^> ?/),
    bulleted: (editor) => prefixLines(editor.textarea, () => "- ", /^[-*+] /),
    numbered: (editor) => prefixLines(editor.textarea, (index) => index + 1 + ". ", /^\d+[.)] /),
    code: (editor) => {
      const { selectionStart: start, selectionEnd: end, value } = editor.textarea;
      if (value.slice(start, end).includes("\n")) {
        const before = start > 0 && value[start - 1] !== "\n" ? "\n```\n" : "```\n";
        wrapSelection(editor.textarea, before, "\n```\n");
      } else {
        wrapSelection(editor.textarea, "`", "`");
      }
    },
    link: (editor) => {
      const textarea = editor.textarea;
      const { selectionStart: start, selectionEnd: end, value } = textarea;
      const selected = value.slice(start, end);
      if (/^https?:\/\/\S+$/.test(selected)) {
        const text = editor.message("link-text");
        replaceRange(textarea, start, end, "[" + text + "](" + selected + ")", start + 1,
          start + 1 + text.length);
        return;
      }
      const text = selected || editor.message("link-text");
      const url = "https://";
      const markdown = "[" + text + "](" + url + ")";
      const urlStart = start + text.length + 3;
      if (selected) {
        replaceRange(textarea, start, end, markdown, urlStart, urlStart + url.length);
      } else {
        replaceRange(textarea, start, end, markdown, start + 1, start + 1 + text.length);
      }
    },
  };

  /* One editor --------------------------------------------------------------------------- */

  class Editor {
    constructor(root) {
      this.root = root;
      this.textarea = root.querySelector("[data-editor-input]") || root.querySelector("textarea");
      this.form = this.textarea.form;
      this.messages = {};
      const template = root.querySelector("template[data-editor-messages]");
      if (template) {
        template.content.querySelectorAll("[data-message]").forEach((node) => {
          this.messages[node.dataset.message] = node.textContent.trim();
        });
      }
      this.maxLength = parseInt(root.dataset.maxLength || "0", 10) || 0;
      this.key = root.dataset.draftKey || "";
      this.draftUrl = root.dataset.draftUrl || "";
      this.titleInput = this.form ? this.form.querySelector("[data-editor-title]") : null;
      this.status = root.querySelector("[data-editor-status]");
      this.counter = root.querySelector("[data-editor-counter]");
      this.announcer = root.querySelector("[data-editor-counter-live]");
      this.saveTimer = null;
      this.retryTimer = null;
      this.announceTimer = null;
      this.saving = null;
      this.isSubmitted = false;
      this.problem = "";
      this.lastSaved = this.snapshot();

      this.setUpToolbar();
      this.setUpCounter();
      this.setUpPreview();
      this.setUpAttachments();
      if (this.key && this.draftUrl) this.setUpDrafts();
    }

    message(name, values) {
      return format(this.messages[name] || "", values || {});
    }

    snapshot() {
      return {
        body: this.textarea.value,
        title: this.titleInput ? this.titleInput.value : "",
      };
    }

    /* Toolbar */

    setUpToolbar() {
      const toolbar = this.root.querySelector("[data-editor-toolbar]");
      if (!toolbar) return;
      const buttons = Array.from(toolbar.querySelectorAll("[data-editor-action]"));
      // One tab stop for the whole toolbar; the arrow keys move along it (WAI-ARIA toolbar).
      buttons.forEach((button, index) => {
        button.tabIndex = index === 0 ? 0 : -1;
        button.addEventListener("click", () => this.act(button.dataset.editorAction));
      });
      toolbar.addEventListener("keydown", (event) => {
        const current = buttons.indexOf(document.activeElement);
        if (current === -1) return;
        let next = null;
        if (event.key === "ArrowRight") next = (current + 1) % buttons.length;
        else if (event.key === "ArrowLeft") next = (current - 1 + buttons.length) % buttons.length;
        else if (event.key === "Home") next = 0;
        else if (event.key === "End") next = buttons.length - 1;
        if (next === null) return;
        event.preventDefault();
        buttons[current].tabIndex = -1;
        buttons[next].tabIndex = 0;
        buttons[next].focus();
      });
      this.textarea.addEventListener("keydown", (event) => {
        if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
        const key = event.key.toLowerCase();
        if (key === "b" || key === "i") {
          event.preventDefault();
          this.act(key === "b" ? "bold" : "italic");
        }
      });
      toolbar.hidden = false;
    }

    act(name) {
      const action = ACTIONS[name];
      if (action) action(this);
    }

    /* Counter */

    setUpCounter() {
      if (!this.counter || !this.maxLength) return;
      this.updateCounter();
      this.textarea.addEventListener("input", () => {
        this.updateCounter();
        // Screen readers hear the count once typing pauses, not at every key (as GOV.UK does).
        clearTimeout(this.announceTimer);
        this.announceTimer = setTimeout(() => {
          if (this.announcer) this.announcer.textContent = this.counter.textContent;
        }, ANNOUNCE_DELAY_MS);
      });
    }

    updateCounter() {
      const count = this.textarea.value.length;
      const values = {
        count: numberFormat.format(count),
        max: numberFormat.format(this.maxLength),
        excess: numberFormat.format(Math.max(0, count - this.maxLength)),
      };
      const over = count > this.maxLength;
      this.counter.textContent = this.message(over ? "counter-over" : "counter", values);
      this.counter.classList.toggle("editor__counter--over", over);
    }

    announce(text) {
      if (!this.announcer) return;
      this.announcer.textContent = "";
      setTimeout(() => {
        this.announcer.textContent = text;
      }, 50);
    }

    /* Preview */

    setUpPreview() {
      const button = this.root.querySelector("[data-editor-preview-button]");
      const section = this.root.querySelector("[data-editor-preview]");
      const output = this.root.querySelector("[data-editor-preview-output]");
      const url = this.root.dataset.previewUrl;
      if (!button || !section || !output || !url) return;
      button.addEventListener("click", (event) => {
        event.preventDefault();
        const body = new URLSearchParams({ text: this.textarea.value });
        button.setAttribute("aria-busy", "true");
        fetch(url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          redirect: "manual",
          headers: { "X-CSRFToken": csrfToken(this.form), Accept: "text/html" },
        })
          .then((response) => {
            if (response.status === 403 || response.type === "opaqueredirect") {
              throw new Error(this.message("signed-out"));
            }
            if (!response.ok) throw new Error(this.message("preview-failed"));
            return response.text();
          })
          .then((html) => {
            // Server-rendered and sanitised by the same renderer as published text.
            output.innerHTML = html;
          })
          .catch((error) => {
            const paragraph = document.createElement("p");
            paragraph.className = "editor__problem";
            paragraph.textContent = error.message || this.message("preview-failed");
            output.replaceChildren(paragraph);
          })
          .finally(() => {
            button.removeAttribute("aria-busy");
            section.hidden = false;
            section.scrollIntoView({ block: "nearest" });
            this.announce(this.message("preview-ready"));
          });
      });
    }

    /* Attachments */

    setUpAttachments() {
      this.uploadUrl = this.root.dataset.uploadUrl || "";
      const button = this.root.querySelector("[data-editor-attach]");
      const input = this.root.querySelector("[data-editor-file]");
      this.uploads = this.root.querySelector("[data-editor-upload-status]");
      if (!this.uploadUrl || !button || !input || !this.uploads) return;
      this.uploadQueue = Promise.resolve();
      button.hidden = false;
      const hint = this.root.querySelector("[data-editor-drop-hint]");
      if (hint) hint.hidden = false;
      button.addEventListener("click", () => input.click());
      input.addEventListener("change", () => {
        this.uploadAll(input.files);
        input.value = "";
      });
      const hasFiles = (event) =>
        event.dataTransfer && Array.from(event.dataTransfer.types || []).includes("Files");
      this.textarea.addEventListener("dragover", (event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        this.root.classList.add("editor--dropping");
      });
      this.textarea.addEventListener("dragleave", () => {
        this.root.classList.remove("editor--dropping");
      });
      this.textarea.addEventListener("drop", (event) => {
        this.root.classList.remove("editor--dropping");
        if (!hasFiles(event)) return;
        event.preventDefault();
        this.uploadAll(event.dataTransfer.files);
      });
      this.textarea.addEventListener("paste", (event) => {
        const data = event.clipboardData;
        // Text copied from an office program often comes with a picture of itself: keep the text.
        if (!data || !data.files || !data.files.length) return;
        if (Array.from(data.types || []).includes("text/plain")) return;
        event.preventDefault();
        this.uploadAll(data.files);
      });
    }

    uploadAll(files) {
      Array.from(files || []).forEach((file) => {
        this.uploadQueue = this.uploadQueue.then(() => this.upload(file));
      });
    }

    upload(file) {
      const item = document.createElement("p");
      item.className = "editor__upload";
      const text = document.createElement("span");
      text.textContent = this.message("uploading", { name: file.name });
      const progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      progress.setAttribute("aria-label", file.name);
      item.append(text, " ", progress);
      this.uploads.append(item);
      return new Promise((resolve) => {
        const request = new XMLHttpRequest();
        request.open("POST", this.uploadUrl);
        request.setRequestHeader("X-CSRFToken", csrfToken(this.form));
        request.setRequestHeader("Accept", "application/json");
        request.upload.addEventListener("progress", (event) => {
          if (event.lengthComputable) progress.value = Math.round((100 * event.loaded) / event.total);
        });
        const fail = (reason) => {
          progress.remove();
          item.classList.add("editor__upload--problem");
          text.textContent = this.message("upload-failed", { name: file.name, error: reason });
          resolve();
        };
        request.addEventListener("load", () => {
          let answer = {};
          try {
            answer = JSON.parse(request.responseText);
          } catch (error) {
            answer = {};
          }
          if (request.status === 201 && answer.markdown) {
            this.insert(answer.markdown, Boolean(answer.is_image));
            progress.remove();
            text.textContent = this.message("uploaded", { name: answer.name || file.name });
            resolve();
          } else if (answer.error === "signed_out") {
            fail(this.message("signed-out"));
          } else {
            fail(typeof answer.error === "string" && answer.error !== "signed_out"
              ? answer.error
              : this.message("upload-network"));
          }
        });
        request.addEventListener("error", () => fail(this.message("upload-network")));
        const data = new FormData();
        data.append("file", file, file.name);
        request.send(data);
      });
    }

    insert(markdown, onItsOwnLine) {
      const { selectionStart: start, selectionEnd: end, value } = this.textarea;
      let text = markdown;
      if (onItsOwnLine) {
        if (start > 0 && value[start - 1] !== "\n") text = "\n" + text;
        if (value[end] !== "\n") text += "\n";
      } else {
        if (start > 0 && !/\s/.test(value[start - 1])) text = " " + text;
        if (end < value.length && !/\s/.test(value[end])) text += " ";
      }
      replaceRange(this.textarea, start, end, text, start + text.length, start + text.length);
    }

    /* Drafts */

    setUpDrafts() {
      this.storageKey = STORAGE_PREFIX + this.key;
      const serverSavedAt = parseInt(this.root.dataset.draftSavedAt || "0", 10) || 0;
      if (serverSavedAt) this.showSaved(new Date(serverSavedAt));
      this.restoreLocalCopy(serverSavedAt);

      const later = () => this.scheduleSave();
      this.textarea.addEventListener("input", later);
      if (this.titleInput) this.titleInput.addEventListener("input", later);
      this.textarea.addEventListener("blur", (event) => {
        // Leaving the text for the form's own submit button: the submission carries the text.
        const next = event.relatedTarget;
        const publishing =
          next && next.form === this.form && next.type === "submit" &&
          !next.matches("[data-editor-preview-button], [data-editor-discard]");
        if (!publishing) this.save(false);
      });
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") this.save(true);
        else this.retry();
      });
      window.addEventListener("pagehide", () => this.save(true));
      window.addEventListener("online", () => this.retry());
      window.addEventListener("focus", () => this.retry());

      const discard = this.root.querySelector("[data-editor-discard]");
      if (discard && this.root.dataset.discardUrl) {
        discard.addEventListener("click", (event) => {
          event.preventDefault();
          this.discard(discard);
        });
      }
    }

    restoreLocalCopy(serverSavedAt) {
      const copy = this.readLocal();
      if (!copy) return;
      const current = this.snapshot();
      if (copy.body === current.body && (copy.title || "") === current.title) {
        this.removeLocal(); // the page already shows it
      } else if (copy.submitted && !serverSavedAt) {
        this.removeLocal(); // sent, and the fresh form has no draft: it was published
      } else if ((copy.savedAt || 0) > serverSavedAt) {
        this.textarea.value = copy.body;
        if (this.titleInput && copy.title) this.titleInput.value = copy.title;
        this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
        this.setStatus(this.message("restored"), false);
        this.lastSaved = { body: null, title: null };
        this.scheduleSave();
      } else {
        this.removeLocal(); // the server has a newer draft
      }
    }

    readLocal() {
      const store = storage();
      if (!store) return null;
      try {
        const copy = JSON.parse(store.getItem(this.storageKey) || "null");
        return copy && typeof copy.body === "string" ? copy : null;
      } catch (error) {
        return null;
      }
    }

    keepLocal(snapshot, submitted) {
      const store = storage();
      if (!store) return;
      try {
        store.setItem(this.storageKey, JSON.stringify({
          body: snapshot.body,
          title: snapshot.title,
          savedAt: Date.now(),
          submitted: Boolean(submitted),
        }));
      } catch (error) {
        // Full or refused: the server draft is all there is.
      }
    }

    removeLocal() {
      const store = storage();
      if (store) store.removeItem(this.storageKey);
    }

    scheduleSave() {
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => this.save(false), SAVE_DELAY_MS);
    }

    cancelSave() {
      clearTimeout(this.saveTimer);
      clearTimeout(this.retryTimer);
    }

    retry() {
      if (this.problem) this.save(false);
    }

    save(leaving) {
      clearTimeout(this.saveTimer);
      // Once the form is sent, its view has the text (and may have discarded the draft).
      if (this.isSubmitted) return;
      const snapshot = this.snapshot();
      if (snapshot.body === this.lastSaved.body && snapshot.title === this.lastSaved.title) return;
      if (leaving) {
        // The page may be gone before the server answers: keep a copy here first.
        this.keepLocal(snapshot, false);
      } else if (this.saving) {
        this.saving.then(() => this.scheduleSave());
        return;
      }
      const body = new URLSearchParams({
        csrfmiddlewaretoken: csrfToken(this.form),
        key: this.key,
        body: snapshot.body,
        title: snapshot.title,
      });
      const options = {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken(this.form), Accept: "application/json" },
      };
      if (leaving && new Blob([body.toString()]).size < KEEPALIVE_MAX_BYTES) options.keepalive = true;
      this.saving = fetch(this.draftUrl, options)
        .then((response) => {
          if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
            this.failed(snapshot, "signed-out");
          } else if (!response.ok) {
            this.failed(snapshot, "failed");
          } else {
            this.saved(snapshot);
          }
        })
        .catch(() => this.failed(snapshot, navigator.onLine === false ? "offline" : "failed"))
        .finally(() => {
          this.saving = null;
        });
    }

    saved(snapshot) {
      this.lastSaved = snapshot;
      this.problem = "";
      clearTimeout(this.retryTimer);
      const copy = this.readLocal();
      if (copy && copy.body === snapshot.body && (copy.title || "") === snapshot.title) {
        this.removeLocal();
      }
      this.showSaved(new Date());
    }

    failed(snapshot, problem) {
      this.keepLocal(snapshot, false);
      this.problem = problem;
      this.setStatus(this.message(problem), true);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.retry(), RETRY_DELAY_MS);
    }

    showSaved(moment) {
      const today = new Date().toDateString() === moment.toDateString();
      this.setStatus(today
        ? this.message("saved", { time: timeFormat.format(moment) })
        : this.message("saved-on", { date: dateTimeFormat.format(moment) }), false);
    }

    setStatus(text, isProblem) {
      if (!this.status) return;
      if (this.status.textContent !== text) this.status.textContent = text;
      this.status.classList.toggle("editor__status--problem", Boolean(isProblem));
    }

    discard(button) {
      const body = new URLSearchParams({ key: this.key });
      fetch(this.root.dataset.discardUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken(this.form), Accept: "application/json" },
      })
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          this.cancelSave();
          this.textarea.value = "";
          if (this.titleInput) this.titleInput.value = "";
          this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
          clearTimeout(this.saveTimer);
          this.lastSaved = this.snapshot();
          this.problem = "";
          this.removeLocal();
          this.setStatus(this.message("discarded"), false);
          button.hidden = true;
          this.textarea.focus();
        })
        .catch(() => this.setStatus(this.message("failed"), true));
    }

    submitted() {
      this.cancelSave();
      this.isSubmitted = true;
      if (this.key && this.draftUrl) this.keepLocal(this.snapshot(), true);
    }

    unsubmitted() {
      this.isSubmitted = false;
    }
  }

  /* Forms: one guard per form, whatever the number of editors in it ------------------------ */

  function submitButtons(form) {
    const inside = Array.from(form.querySelectorAll("button, input[type=submit], input[type=image]"));
    const outside = form.id
      ? Array.from(document.querySelectorAll('[form="' + CSS.escape(form.id) + '"]'))
      : [];
    return inside.concat(outside).filter((button) => button.type === "submit" || button.type === "image");
  }

  function guardForm(form, editors) {
    if (form.dataset.editorGuarded) return;
    form.dataset.editorGuarded = "true";
    let releaseTimer = null;
    const release = () => {
      delete form.dataset.editorSubmitting;
      editors.forEach((editor) => editor.unsubmitted());
      submitButtons(form).forEach((button) => {
        if (button.dataset.editorDisabled) {
          button.disabled = false;
          delete button.dataset.editorDisabled;
        }
      });
    };
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      if (form.dataset.editorSubmitting) {
        event.preventDefault(); // a second click while the first submission is on its way
        return;
      }
      const pending = editors.map((editor) => editor.saving).filter(Boolean);
      if (pending.length && !form.dataset.editorWaited) {
        // An autosave is on its way (the click on the button blurred the text): let it land
        // first, or it could bring back the draft that publishing is about to discard.
        event.preventDefault();
        form.dataset.editorWaited = "true";
        const submitter = event.submitter;
        const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
        Promise.race([Promise.allSettled(pending), timeout]).then(() => {
          if (submitter && submitter.form === form) form.requestSubmit(submitter);
          else form.requestSubmit();
        });
        return;
      }
      delete form.dataset.editorWaited;
      form.dataset.editorSubmitting = "true";
      const token = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (token) token.value = csrfToken(form);
      editors.forEach((editor) => editor.submitted());
      // Disabled after the browser has read the form, so the clicked button's value is sent.
      setTimeout(() => {
        submitButtons(form).forEach((button) => {
          if (!button.disabled) {
            button.disabled = true;
            button.dataset.editorDisabled = "true";
          }
        });
      }, 0);
      clearTimeout(releaseTimer);
      releaseTimer = setTimeout(release, 30000); // the navigation was stopped or never came
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) release(); // back from the next page, out of the browser's cache
    });
  }

  function start() {
    sweepOldCopies();
    const byForm = new Map();
    document.querySelectorAll("[data-editor]").forEach((root) => {
      if (root.dataset.editorReady) return;
      root.dataset.editorReady = "true";
      const editor = new Editor(root);
      if (!editor.form) return;
      if (!byForm.has(editor.form)) byForm.set(editor.form, []);
      byForm.get(editor.form).push(editor);
    });
    byForm.forEach((editors, form) => guardForm(form, editors));
  }

  // "Edit the text" in the health information warning: to the text, with the focus in it.
  document.addEventListener("click", (event) => {
    const link = event.target.closest ? event.target.closest("[data-editor-edit-link]") : null;
    if (!link) return;
    const target = document.getElementById((link.getAttribute("href") || "").slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  // Fragments swapped in by htmx may bring editors of their own.
  document.addEventListener("htmx:afterSettle", start);
})();
