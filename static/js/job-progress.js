// The export progress page, enhanced: ask the job's status every two seconds and move the bar;
// when the job ends, load the page once more to show the download link (or what happened).
// Without JavaScript the page has a "Check again" link and nothing here is needed.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-status-url");
  var status = box.getAttribute("data-status");
  var bar = document.getElementById("job-progress");
  var percentText = document.getElementById("job-percent");
  var where = document.getElementById("job-where");

  function show(job) {
    if (job.status !== status) {
      window.location.reload();
      return false;
    }
    if (bar) bar.value = job.percent;
    if (percentText && bar) {
      percentText.textContent = percentText.textContent.replace(/\d+/, String(job.percent));
      bar.textContent = percentText.textContent;
    }
    if (where && job.where) where.textContent = job.where;
    return true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job && show(job)) window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
