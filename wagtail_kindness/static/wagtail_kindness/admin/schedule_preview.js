// The series form: the schedule in words as the editor types, and the
// conversations a change of time or zone moves (views/schedule_preview.py).
// Without JavaScript the panel shows the saved schedule only.
(function () {
  "use strict";

  function text(parent, tag, value) {
    const node = document.createElement(tag);
    node.textContent = value;
    parent.appendChild(node);
    return node;
  }

  function render(panel, data) {
    const live = panel.querySelector(".kindness-schedule-summary__live");
    const description = panel.querySelector('[data-kindness-preview="description"]');
    const warnings = panel.querySelector('[data-kindness-preview="warnings"]');
    const moves = panel.querySelector('[data-kindness-preview="moves"]');
    const heading = panel.querySelector('[data-kindness-preview="moves-heading"]');
    const list = panel.querySelector('[data-kindness-preview="moves-list"]');
    live.hidden = false;
    description.textContent = data.error || data.description;
    description.classList.toggle("error-message", Boolean(data.error));
    warnings.replaceChildren();
    (data.warnings || []).forEach((warning) => text(warnings, "li", warning));
    list.replaceChildren();
    if (data.error || data.since === undefined) {
      moves.hidden = true;
      return;
    }
    moves.hidden = false;
    heading.textContent = data.moves.length ? heading.dataset.some : heading.dataset.none;
    data.moves.forEach((move) => {
      const item = document.createElement("li");
      const link = text(item, "a", move.title);
      link.href = move.url;
      const draft = move.live ? "" : ` (${heading.dataset.draft})`;
      item.appendChild(document.createTextNode(`${draft}, ${move.date}: ${move.from} → ${move.to}`));
      list.appendChild(item);
    });
    if (data.moving > data.moves.length) {
      text(list, "li", heading.dataset.more.replace("%(count)s", data.moving - data.moves.length));
    }
  }

  function watch(panel) {
    const form = panel.closest("form");
    if (!form) return;
    let timer = null;
    let asked = 0;
    const ask = () => {
      const params = new URLSearchParams();
      for (const [name, value] of new FormData(form)) {
        if (name.startsWith("schedule_")) params.append(name, value);
      }
      if (panel.dataset.kindnessSeries) params.append("page", panel.dataset.kindnessSeries);
      const mine = ++asked;
      fetch(`${panel.dataset.kindnessSchedulePreview}?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => {
          if (data && mine === asked) render(panel, data);
        })
        .catch(() => {});
    };
    const later = (event) => {
      if (!event.target.name || !event.target.name.startsWith("schedule_")) return;
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  function start() {
    document.querySelectorAll("[data-kindness-schedule-preview]").forEach(watch);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
