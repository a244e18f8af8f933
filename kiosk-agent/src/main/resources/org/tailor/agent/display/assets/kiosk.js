// Tailor kiosk page: keeps the input focused so a keyboard-wedge scan (digits, then Enter) lands in
// it, and returns to "scan your card" after the terminal's idle time.
(function () {
  "use strict";
  var input = document.getElementById("scan");
  var idleSeconds = parseInt(document.body.getAttribute("data-idle-seconds"), 10) || 30;
  var idleTimer = null;

  function keepFocus() {
    if (document.activeElement !== input) {
      input.focus();
    }
  }

  function backToStart() {
    var onStart = document.body.classList.contains("idle-screen") && input.value === "";
    if (!onStart) {
      window.location.replace("/");
    }
  }

  function restartIdleTimer() {
    if (idleTimer !== null) {
      window.clearTimeout(idleTimer);
    }
    idleTimer = window.setTimeout(backToStart, idleSeconds * 1000);
  }

  input.addEventListener("blur", function () { window.setTimeout(keepFocus, 0); });
  document.addEventListener("click", keepFocus);
  document.addEventListener("keydown", function () { keepFocus(); restartIdleTimer(); });
  document.getElementById("scan-form").addEventListener("submit", function (event) {
    if (input.value.trim() === "") {
      event.preventDefault();
    }
  });
  keepFocus();
  restartIdleTimer();
})();
