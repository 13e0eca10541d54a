// The kiosk at the desk: back to a fresh form after RETURN seconds on the thank-you page and after IDLE seconds
// without a touch or a key anywhere; the first touch asks the browser for full screen.
(function () {
  "use strict";
  var body = document.body;
  var start = body.getAttribute("data-kiosk-start");
  if (!start) {
    return;
  }
  function restart() {
    window.location.replace(start);
  }
  var back = parseInt(body.getAttribute("data-kiosk-return") || "0", 10);
  if (back > 0) {
    window.setTimeout(restart, back * 1000);
  }
  var idle = parseInt(body.getAttribute("data-kiosk-idle") || "60", 10) * 1000;
  var timer = window.setTimeout(restart, idle);
  function active() {
    window.clearTimeout(timer);
    timer = window.setTimeout(restart, idle);
  }
  ["pointerdown", "keydown", "input", "scroll"].forEach(function (name) {
    document.addEventListener(name, active, { passive: true });
  });
  document.addEventListener(
    "pointerdown",
    function () {
      var root = document.documentElement;
      if (!document.fullscreenElement && root.requestFullscreen) {
        root.requestFullscreen().catch(function () {});
      }
    },
    { once: true }
  );
})();
