// The editors' screens, enhanced: every form works without this file.
(function () {
  "use strict";

  // Controls that need a script (the search that narrows a provision list, "select all")
  // are hidden in the HTML, so that a page without scripts offers none that do nothing.
  function reveal(root) {
    root.querySelectorAll("[data-needs-script]").forEach(function (element) {
      element.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:load", function (event) { reveal(event.detail.elt); });

  // Enter in a search that narrows a list must not submit the form around it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-narrows]")) {
      event.preventDefault();
    }
  });

  // A row answered in place replaces the control that had the focus. htmx moves the focus
  // to the control of the same id when there is one; when there is none (a "Confirm" that
  // is gone once confirmed), the focus goes to the row rather than back to the page's top.
  document.addEventListener("htmx:afterSettle", function (event) {
    var active = document.activeElement;
    if (active && active !== document.body) return;
    var id = event.detail.target && event.detail.target.id;
    var row = id ? document.getElementById(id) : null;
    if (row) row.focus({ preventScroll: true });
  });

  // "Select all on this page" ticks the checkboxes of the form it names.
  document.addEventListener("change", function (event) {
    var form = event.target.getAttribute("data-select-all");
    if (!form) return;
    document.querySelectorAll('input[type="checkbox"][form="' + form + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
})();
