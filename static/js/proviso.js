// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // The filter panel is open in the HTML (so it works without JavaScript); on a narrow
  // screen it starts folded so that the results come first, and on a wide one it stays open
  // beside them.
  var wide = window.matchMedia("(min-width: 62rem)");
  function fit() {
    var panel = document.getElementById("filters-panel");
    if (panel) panel.open = wide.matches;
  }
  document.addEventListener("DOMContentLoaded", fit);
  wide.addEventListener("change", fit);
})();
