// Progressive enhancement for the places search: position on click, commune suggestions.
// The page works without this file: the commune field and the "Chercher" button do everything.
(function () {
  "use strict";
  var form = document.querySelector("form.recherche");
  if (!form) { return; }
  var status = document.getElementById("position-etat");
  var button = document.getElementById("ma-position");
  if (button && "geolocation" in navigator) {
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-attente") || "…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        var params = new URLSearchParams();
        // About 100 m of precision: enough to find the nearest places, and a person's exact
        // position never travels in a URL (logs, history, shared links).
        params.set("lat", pos.coords.latitude.toFixed(3));
        params.set("lon", pos.coords.longitude.toFixed(3));
        var kind = form.querySelector("select[name=type]");
        if (kind && kind.value) { params.set("type", kind.value); }
        window.location.assign(form.getAttribute("action") + "?" + params.toString());
      }, function () {
        status.textContent = button.getAttribute("data-erreur");
        var field = document.getElementById("commune");
        if (field) { field.focus(); }
      }, { timeout: 15000, maximumAge: 300000 });
    });
  }
  var input = document.getElementById("commune");
  var list = document.getElementById("communes-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { return; }
    timer = window.setTimeout(function () {
      fetch("/lieux/communes?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); })
        .then(function (data) {
          list.textContent = "";
          data.items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.label;
            list.appendChild(option);
          });
        }).catch(function () { /* suggestions are optional */ });
    }, 250);
  });
}());
