/* wagtail-kindness admin: a conversation's new-date fields ("new date", "new
 * start time") show only while its status is "Postponed".
 * Loaded by ConversationPageForm's Media on the page editor (Wagtail 7.4 and 8).
 * Progressive enhancement: without JavaScript the fields simply show (and the
 * form clears them when the status is not "Postponed").  Safe to load twice. */
(function () {
  "use strict";
  function enhance(root) {
    var status = root.querySelector("select[name='status']");
    var groups = root.querySelectorAll("[data-kindness-postponed-fields]");
    if (!status || !groups.length || status.hasAttribute("data-kindness-status-done")) return;
    status.setAttribute("data-kindness-status-done", "");
    function update() {
      var hide = status.value !== "postponed";
      Array.prototype.forEach.call(groups, function (group) {
        group.hidden = hide;
        group.style.display = hide ? "none" : "";
      });
    }
    status.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
