/*
 * The people of a conversation page in the admin: each row is headed by its
 * person and part ("Dr Priya Raman — Guest speaker"), also for rows added in
 * the browser and when a speaker is chosen or a part changed before saving.
 * The rows' markup is wagtail_kindness/admin/people_inline_panel_child.html.
 */
(function () {
  "use strict";
  if (window.kindnessPeoplePanel) {
    return; // loaded already
  }
  window.kindnessPeoplePanel = true;

  function headRow(row, format) {
    var heading = row.querySelector("[data-kindness-person-heading]");
    if (!heading) {
      return;
    }
    var count = heading.parentNode.querySelector("[data-inline-panel-child-count]");
    var input = row.querySelector('input[type="hidden"][name$="-speaker"]');
    var title = row.querySelector("[data-chooser-title]");
    var role = row.querySelector('select[name$="-role"]');
    var person = input && input.value && title ? title.textContent.trim() : "";
    if (!person) {
      heading.textContent = heading.getAttribute("data-kindness-default") || "";
      if (count) {
        count.hidden = false;
      }
      return;
    }
    var part = role && role.selectedIndex >= 0 ? role.options[role.selectedIndex].text : "";
    heading.textContent = part
      ? format.replace("{person}", person).replace("{part}", part)
      : person;
    if (count) {
      count.hidden = true;
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var row = target.closest("[data-inline-panel-child]");
    var panel = row && row.closest("[data-kindness-people]");
    if (!panel) {
      return;
    }
    var format = panel.getAttribute("data-kindness-heading-format") || "{person} — {part}";
    // The chooser announces the new value before it shows the new title.
    window.setTimeout(function () {
      headRow(row, format);
    }, 0);
  });
})();
