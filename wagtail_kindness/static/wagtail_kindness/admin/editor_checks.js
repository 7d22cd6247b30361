// Warnings while the editor types, before the page is saved
// (wagtail_kindness/widgets.py, views/editor_checks.py): the "kindness-check"
// Stimulus controller asks its JSON view about the input's value and shows the
// answer under the input, in the role="status" box "<input id>-kindness-check"
// (made here when the server did not draw one).  The view answers
// {"warning": "..."} or {"warning": null}; anything else clears the box.
(function () {
  "use strict";
  if (!window.StimulusModule || !window.wagtail || !window.wagtail.app) {
    return; // not in the Wagtail admin
  }
  if (window.kindnessEditorChecks) {
    return; // loaded already
  }
  window.kindnessEditorChecks = true;

  class KindnessCheck extends window.StimulusModule.Controller {
    static values = {
      url: String,
      param: { type: String, default: "value" },
      atStart: { type: Boolean, default: false },
    };

    connect() {
      this.asked = 0;
      if (this.atStartValue && this.element.value.trim()) {
        this.check();
      }
    }

    disconnect() {
      clearTimeout(this.timer);
    }

    box() {
      const id = `${this.element.id}-kindness-check`;
      let box = document.getElementById(id);
      if (!box) {
        box = document.createElement("div");
        box.id = id;
        box.className = "kindness-check";
        box.setAttribute("role", "status");
        this.element.insertAdjacentElement("afterend", box);
      }
      return box;
    }

    show(warning) {
      const box = this.box();
      if (!warning) {
        box.replaceChildren();
        return;
      }
      const block = document.createElement("div");
      block.className = "help-block help-warning";
      block.innerHTML =
        '<svg class="icon icon-warning" aria-hidden="true"><use href="#icon-warning"></use></svg>';
      const text = document.createElement("p");
      text.textContent = warning;
      block.appendChild(text);
      box.replaceChildren(block);
    }

    later() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.check(), 400);
    }

    check() {
      clearTimeout(this.timer);
      const value = this.element.value.trim();
      const mine = ++this.asked;
      if (!value || !this.urlValue) {
        this.show(null);
        return;
      }
      const url = new URL(this.urlValue, window.location.href);
      url.searchParams.set(this.paramValue, value);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => {
          if (mine === this.asked) this.show(data && data.warning);
        })
        .catch(() => {
          if (mine === this.asked) this.show(null);
        });
    }
  }

  window.wagtail.app.register("kindness-check", KindnessCheck);
})();
