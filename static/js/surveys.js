// Progressive enhancement for the survey pages; everything works without this file.
(function () {
  "use strict";
  var fr = document.documentElement.lang === "fr";

  // A "Copy link" button next to each private or survey link.
  document.querySelectorAll("[data-copy-source]").forEach(function (source) {
    if (!navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary";
    button.textContent = fr ? "Copier le lien" : "Copy link";
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        status.textContent = fr ? "Lien copié." : "Link copied.";
      }, function () {
        status.textContent = fr ? "Copiez le lien à la main." : "Copy the link by hand.";
      });
    });
    source.parentNode.appendChild(button);
    source.parentNode.appendChild(status);
  });

  // Enter in a radio group saves with the form's own first button. Without this, the browser
  // would pick the first submit button tied to the form in page order: the header's
  // language toggle.
  document.querySelectorAll("form#survey-form, form#about-form, form#start-form").forEach(function (form) {
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== "Enter" || !target || target.tagName !== "INPUT") { return; }
      var kind = (target.getAttribute("type") || "text").toLowerCase();
      if (kind === "submit" || kind === "button") { return; }
      var primary = form.querySelector("button[type=submit]");
      if (!primary) { return; }
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(primary); } else { primary.click(); }
    });
  });
})();
