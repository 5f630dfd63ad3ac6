// The editor holds a contributor's GitHub token: it must never run inside another site's frame, where that site
// could overlay it and catch clicks. Pages sends no headers and a meta Content-Security-Policy cannot set
// frame-ancestors, so the page hides itself when framed and asks the browser to open it on its own instead.
(function () {
  "use strict";
  if (window.self === window.top) return;
  document.documentElement.style.display = "none";
  try {
    window.top.location.replace(window.self.location.href);
  } catch (error) {
    // A sandboxed frame may not navigate the page around it; the editor stays hidden.
  }
})();
