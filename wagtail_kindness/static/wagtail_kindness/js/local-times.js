/* wagtail-kindness: show visitors their own local time next to each
 * <time datetime="…Z" data-kindness-local data-kindness-zone="Europe/London"
 *       data-kindness-yours="your time: {time}">.
 * The time is written in the language of the page around it (the nearest
 * lang attribute: "jeu. 17 déc., 19:00 UTC+1" on a French page; in the
 * browser's own regional forms when it speaks that language), in the words
 * of data-kindness-yours (translated by the plugin).
 * Progressive enhancement: without JavaScript the series' time stays as it is.
 * No framework; safe to load more than once. */
(function () {
  "use strict";
  var OPTIONS = {
    weekday: "short", day: "numeric", month: "short",
    hour: "numeric", minute: "2-digit", timeZoneName: "short"
  };
  // One formatter per language: building one per <time> was the main cost of
  // the page on a slow phone (Lighthouse, make lighthouse).
  var formats = {};
  function formatFor(lang) {
    if (!formats[lang]) {
      try {
        formats[lang] = new Intl.DateTimeFormat(lang || undefined, OPTIONS);
      } catch (error) { // a lang attribute the browser does not know
        formats[lang] = new Intl.DateTimeFormat(undefined, OPTIONS);
      }
    }
    return formats[lang];
  }
  // The page's language (the nearest lang attribute); the browser's own
  // locale when it speaks that language, for its regional forms ("1:00 PM"
  // for en-US on an en-GB page), else the page's ("jeu." for a French page).
  function languageOf(node) {
    var holder = node.closest ? node.closest("[lang]") : null;
    var lang = (holder || document.documentElement).getAttribute("lang") || "";
    var browser = (navigator.languages && navigator.languages[0]) || navigator.language || "";
    if (!lang) return browser;
    if (browser && browser.split("-")[0].toLowerCase() === lang.split("-")[0].toLowerCase()) {
      return browser;
    }
    return lang;
  }
  function enhance(root) {
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var nodes = root.querySelectorAll("time[data-kindness-local]:not([data-kindness-done])");
    Array.prototype.forEach.call(nodes, function (node) {
      node.setAttribute("data-kindness-done", "");
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when.getTime())) return;
      if (node.getAttribute("data-kindness-zone") === visitorZone) return;
      var words = node.getAttribute("data-kindness-yours") || "{time}";
      var text = formatFor(languageOf(node)).format(when);
      var span = document.createElement("span");
      span.className = "kindness-local-time";
      span.textContent = " (" + words.replace("{time}", text) + ")";
      node.parentNode.insertBefore(span, node.nextSibling);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
