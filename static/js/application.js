// The application form: add rows to formsets, confirm deletions, and re-check eligibility as figures are typed.
(function () {
  "use strict";
  document.querySelectorAll(".df-formset").forEach(function (box) {
    var button = box.querySelector(".df-formset-add");
    if (!button) return;
    button.addEventListener("click", function () {
      var prefix = box.dataset.prefix;
      var total = box.querySelector("#id_" + prefix + "-TOTAL_FORMS");
      var html = box.querySelector(".df-formset-template").innerHTML.replace(/__prefix__/g, total.value);
      box.querySelector(".df-formset-rows").insertAdjacentHTML("beforeend", html);
      total.value = parseInt(total.value, 10) + 1;
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  var panel = document.getElementById("df-eligibility");
  if (panel && panel.dataset.previewUrl) {
    var form = document.getElementById("df-section-form");
    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        fetch(panel.dataset.previewUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html) panel.innerHTML = html; });
      }, 400);
    });
  }
})();
