// Progressive enhancement for the request form; every page works without this file.
(function () {
  "use strict";

  // Show "Name of your department" only when "Other" is chosen (it stays if it has an answer
  // or an error, so nothing typed is ever hidden).
  document.querySelectorAll("[data-reveal-when]").forEach(function (box) {
    var rule = box.getAttribute("data-reveal-when").split("=");
    var control = document.getElementById(rule[0]);
    var input = box.querySelector("input, textarea, select");
    if (!control) { return; }
    function update() {
      var keep = input && (input.value || input.getAttribute("aria-invalid") === "true");
      box.hidden = control.value !== rule[1] && !keep;
    }
    control.addEventListener("change", update);
    update();
  });

  // A "Copy the link" button next to the private link.
  document.querySelectorAll("[data-copy-link]").forEach(function (line) {
    var link = line.querySelector("a");
    if (!link || !navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary";
    button.textContent = line.getAttribute("data-copy-label");
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(function () {
        status.textContent = line.getAttribute("data-copied-label");
      });
    });
    line.appendChild(button);
    line.appendChild(status);
  });
})();
