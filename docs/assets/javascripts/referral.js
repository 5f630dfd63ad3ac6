// Referral tools. Every step works without JavaScript; this script adds two things when it can run:
// - the "Copy summary" and "Print" buttons on results, which stay hidden until they can work;
// - on a question the reader has answered before (coming back with Back, Change or the browser's back
//   button), the answer they chose is marked. Each step page records, for this browser tab only, which step
//   it was reached from; nothing leaves the browser.
(function () {
  "use strict";
  var KEY = "referral-chosen:";

  function setUpCopy() {
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

  function setUpPrint() {
    var buttons = document.querySelectorAll("button.referral-print");
    Array.prototype.forEach.call(buttons, function (button) {
      if (typeof window.print !== "function") {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function store(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (e) {
      // Storage is off: answers are simply not marked.
    }
  }

  function stored(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  // A step page reached by an answer records itself as the answer chosen on the step before it, which is
  // the address its Back link leads to.
  function recordAnswer() {
    var back = document.querySelector("a.referral-back");
    if (back && (document.querySelector(".referral-options") || document.querySelector(".referral-summary"))) {
      store(KEY + new URL(back.href).pathname, window.location.pathname);
    }
  }

  function markChosen() {
    var chosen = stored(KEY + window.location.pathname);
    var options = document.querySelectorAll(".referral-options a.referral-option");
    Array.prototype.forEach.call(options, function (option) {
      var was = chosen !== null && new URL(option.href).pathname === chosen;
      option.classList.toggle("referral-option--chosen", was);
      var note = option.querySelector(".referral-chosen-note");
      if (was && !note) {
        note = document.createElement("span");
        note.className = "referral-chosen-note";
        note.textContent = "Your answer last time";
        option.appendChild(note);
      } else if (!was && note) {
        option.removeChild(note);
      }
    });
  }

  function setUp() {
    setUpCopy();
    setUpPrint();
    recordAnswer();
    markChosen();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
  // Pages restored from the browser's back-forward cache do not run scripts again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      markChosen();
    }
  });
})();
