"use strict";
// Filters the documents by level and category, in the page, without a server.
(function () {
  var form = document.getElementById("filters");
  var docs = document.querySelectorAll("article.doc");
  var shown = document.getElementById("shown");
  function apply() {
    var levels = {};
    form.querySelectorAll("input[name=level]").forEach(function (c) { levels[c.value] = c.checked; });
    var cat = form.elements.category.value;
    var n = 0;
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i];
      var show = levels[d.dataset.level] === true &&
        (cat === "" || (" " + d.dataset.categories + " ").indexOf(" " + cat + " ") >= 0);
      if (d.hidden === show) { d.hidden = !show; }
      if (show) { n++; }
    }
    shown.textContent = String(n);
  }
  form.addEventListener("change", apply);
  apply();
})();
