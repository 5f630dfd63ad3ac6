// Referral outcome pages: the "Copy summary" button. Everything else on these pages works without JavaScript,
// so the button stays hidden until this script can make it work.
(function () {
  "use strict";
  function setUp() {
    var buttons = document.querySelectorAll("button.referral-copy[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent).then(function () {
          button.textContent = "Summary copied";
        }, function () {
          button.textContent = "Copy failed: select the summary and copy it";
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
