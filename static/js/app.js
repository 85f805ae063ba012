// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen reader and keyboard users hear it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Character counters for long answers; the server enforces the same limits.
  document.querySelectorAll("textarea[data-maxlength]").forEach(function (area) {
    var max = parseInt(area.getAttribute("data-maxlength"), 10);
    var counter = document.querySelector('[data-count-for="' + area.id + '"]');
    if (!counter || !max) { return; }
    var lang = document.documentElement.lang;
    counter.setAttribute("aria-live", "polite");
    function update() {
      var left = max - area.value.length;
      if (lang === "fr") {
        counter.textContent = left >= 0
          ? "Il vous reste " + left + " caractères."
          : "Vous avez " + (-left) + " caractères de trop.";
      } else {
        counter.textContent = left >= 0
          ? "You have " + left + " characters remaining."
          : "You have " + (-left) + " characters too many.";
      }
      counter.classList.toggle("over-limit", left < 0);
    }
    area.addEventListener("input", update);
    update();
  });
})();
