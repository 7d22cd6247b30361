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
    // One formatter for the whole page: building one per <time> was the
    // main cost of the page on a slow phone (Lighthouse, make lighthouse).
    var format = new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "numeric", month: "short",
      hour: "numeric", minute: "2-digit", timeZoneName: "short"
    });
    var label = document.documentElement.lang.indexOf("en") === 0 || !document.documentElement.lang ? "your time: " : "";
    Array.prototype.forEach.call(nodes, function (node) {
      node.setAttribute("data-kindness-done", "");
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when.getTime())) return;
      if (node.getAttribute("data-kindness-zone") === visitorZone) return;
      var span = document.createElement("span");
      span.className = "kindness-local-time";
      span.textContent = " (" + label + format.format(when) + ")";
      node.parentNode.insertBefore(span, node.nextSibling);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
