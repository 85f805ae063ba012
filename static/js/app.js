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
    // French counts 0 and 1 in the singular ("1 caractère"), English only 1.
    function characters(n) {
      if (lang === "fr") { return n + (n > 1 ? " caractères" : " caractère"); }
      return n + (n === 1 ? " character" : " characters");
    }
    function update() {
      var left = max - area.value.length;
      if (lang === "fr") {
        counter.textContent = left >= 0
          ? "Il vous reste " + characters(left) + "."
          : "Vous avez " + characters(-left) + " de trop.";
      } else {
        counter.textContent = left >= 0
          ? "You have " + characters(left) + " remaining."
          : "You have " + characters(-left) + " too many.";
      }
      counter.classList.toggle("over-limit", left < 0);
    }
    area.addEventListener("input", update);
    update();
  });

  // The language toggle posts a form so that what was typed is kept (core/kept_typing.py).
  // On a page with several forms, it follows the person to the form they last typed in, and
  // so does the hidden button that makes Enter a plain save of that form.
  var toggle = document.querySelector("[data-keeps-typed]");
  var guard = document.querySelector("[data-toggle-guard]");
  function follow(event) {
    var form = event.target.form;
    if (!toggle || !form || !form.id || form.method !== "post") { return; }
    if (toggle.getAttribute("form") === form.id) { return; }
    var url = new URL(toggle.getAttribute("formaction"), window.location.href);
    url.searchParams.set("form", form.id);
    toggle.setAttribute("formaction", url.pathname + url.search);
    toggle.setAttribute("form", form.id);
    if (guard) { guard.setAttribute("form", form.id); }
  }
  document.addEventListener("input", follow);
  document.addEventListener("change", follow);
})();
