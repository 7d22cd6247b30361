/* wagtail-kindness: click-to-load recordings.  The page holds only a button
 * and a plain link; the video host's player (an iframe) is created when the
 * visitor clicks, so nothing is requested from the host before that. */
(function () {
  "use strict";
  function load(facade) {
    var iframe = document.createElement("iframe");
    iframe.src = facade.getAttribute("data-kindness-player");
    iframe.title = facade.getAttribute("data-kindness-title") || "Video";
    iframe.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    iframe.allowFullscreen = true;
    iframe.loading = "lazy";
    iframe.className = "kindness-recording__player";
    facade.replaceChildren(iframe);
    iframe.focus();
  }
  function enhance(root) {
    var facades = root.querySelectorAll("[data-kindness-player]:not([data-kindness-done])");
    Array.prototype.forEach.call(facades, function (facade) {
      facade.setAttribute("data-kindness-done", "");
      var button = facade.querySelector("button");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () { load(facade); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
