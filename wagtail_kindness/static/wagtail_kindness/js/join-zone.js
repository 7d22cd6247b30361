/* wagtail-kindness: on the sign-up form, choose the visitor's own time zone
 * (the browser's, through Intl) in
 * <select data-kindness-browser-zone> when it is one of the options.
 * Progressive enhancement: without JavaScript the series' zone stays chosen,
 * and the visitor can change it either way.  No framework; safe to load twice. */
(function () {
  "use strict";
  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }
  /* The zone's name as this browser's Intl spells it: Chromium says
   * "Asia/Calcutta" and "Europe/Kiev" for the Asia/Kolkata and Europe/Kyiv the
   * form offers, so an option matches when Intl spells it the same way. */
  function intlName(zone) {
    try {
      return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    } catch (error) {
      return "";
    }
  }
  function optionFor(select, zone) {
    var i;
    for (i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === zone) return select.options[i].value;
    }
    for (i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value && intlName(select.options[i].value) === zone) {
        return select.options[i].value;
      }
    }
    return "";
  }
  function choose(root) {
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var zone = browserZone();
    if (!zone) return;
    var selects = root.querySelectorAll("select[data-kindness-browser-zone]:not([data-kindness-done])");
    Array.prototype.forEach.call(selects, function (select) {
      select.setAttribute("data-kindness-done", "");
      var value = optionFor(select, zone);
      if (value) select.value = value;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { choose(document); });
  } else {
    choose(document);
  }
}());
