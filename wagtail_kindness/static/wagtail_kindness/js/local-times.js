/* wagtail-kindness: show visitors their own local time next to each
 * <time datetime="…Z" data-kindness-local data-kindness-zone="Europe/London">.
 * Progressive enhancement: without JavaScript the series' time stays as it is.
 * No framework; safe to load more than once. */
(function () {
  "use strict";
  function enhance(root) {
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var nodes = root.querySelectorAll("time[data-kindness-local]:not([data-kindness-done])");
    Array.prototype.forEach.call(nodes, function (node) {
      node.setAttribute("data-kindness-done", "");
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when.getTime())) return;
      if (node.getAttribute("data-kindness-zone") === visitorZone) return;
      var text = new Intl.DateTimeFormat(undefined, {
        weekday: "short", day: "numeric", month: "short",
        hour: "numeric", minute: "2-digit", timeZoneName: "short"
      }).format(when);
      var span = document.createElement("span");
      span.className = "kindness-local-time";
      span.textContent = " (" + (document.documentElement.lang.indexOf("en") === 0 || !document.documentElement.lang ? "your time: " : "") + text + ")";
      node.parentNode.insertBefore(span, node.nextSibling);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
