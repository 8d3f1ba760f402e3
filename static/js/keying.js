/* Keying screen, progressive enhancement only: the page works without this file.
   - Enter moves to the next field (Shift+Enter starts a new line in an open answer);
     on the last field it moves to the "store" button.
   - A field moves on by itself once what was typed is complete (a single-keystroke answer,
     or as many boxes as a several-boxes question allows, typed one after the other).
   - Questions the paper form says to skip are greyed out while typing; they still accept
     what the tenant wrote, and focus jumps over them when they are empty. */
(function () {
  "use strict";
  var form = document.getElementById("keying-form");
  if (!form) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll(".keying-input"));
  var finish = document.getElementById("keying-finish");

  function rowOf(input) { return input.closest(".keying-q"); }
  function skippedAndEmpty(input) {
    var row = rowOf(input);
    return row && row.classList.contains("is-skipped") && !input.value.trim();
  }
  function next(input) {
    var index = inputs.indexOf(input);
    for (var i = index + 1; i < inputs.length; i++) {
      if (!skippedAndEmpty(inputs[i])) { inputs[i].focus(); inputs[i].select && inputs[i].select(); return; }
    }
    if (finish) { finish.focus(); }
  }
  function complete(input) {
    var tokens = (input.getAttribute("data-tokens") || "").split(" ").filter(Boolean);
    var value = input.value.trim().toLowerCase();
    if (!value || tokens.indexOf(value) < 0) { return false; }
    return !tokens.some(function (t) { return t !== value && t.indexOf(value) === 0; });
  }
  /* Several boxes typed one after the other ("136") are complete once no box can be added. */
  function completeSeveral(input) {
    var keys = (input.getAttribute("data-choose") || "").split(" ").filter(Boolean);
    var most = parseInt(input.getAttribute("data-choose-max") || "0", 10);
    var value = input.value.trim().toLowerCase();
    if (!keys.length || !most || value.length !== most) { return false; }
    for (var i = 0; i < value.length; i++) {
      if (keys.indexOf(value[i]) < 0 || value.indexOf(value[i]) !== i) { return false; }
    }
    return true;
  }
  function typedKeys(value, multiple) {
    value = value.trim().toLowerCase();
    if (!value) { return []; }
    if (/[\s,;+\/.]/.test(value)) { return value.split(/[\s,;+\/.]+/).filter(Boolean); }
    return multiple ? value.split("") : [value];
  }
  function number(text) {
    var value = parseFloat(String(text).replace(/\./g, "").replace(",", "."));
    return isNaN(value) ? null : value;
  }
  function shown(row) {
    var source = document.getElementById(row.getAttribute("data-source"));
    if (!source) { return true; }
    var sourceRow = rowOf(source);
    var value = source.value.trim();
    if (!value) { return !(sourceRow && sourceRow.classList.contains("is-skipped")); }
    if (value === "-" || value === "*") { return false; }
    if (row.hasAttribute("data-keys")) {
      var keys = row.getAttribute("data-keys").split(" ");
      var typed = typedKeys(value, row.getAttribute("data-multiple") === "true");
      return typed.some(function (k) { return keys.indexOf(k) >= 0; });
    }
    var n = number(value), limit = number(row.getAttribute("data-value"));
    if (n === null || limit === null) { return true; }
    var op = row.getAttribute("data-op");
    return op === "above" ? n > limit : op === "below" ? n < limit : n === limit;
  }
  function refresh() {
    var rows = form.querySelectorAll(".keying-q[data-source]");
    for (var i = 0; i < rows.length; i++) {
      rows[i].classList.toggle("is-skipped", !shown(rows[i]));
    }
  }
  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.classList || !input.classList.contains("keying-input")) { return; }
    if (input.tagName === "TEXTAREA" && event.shiftKey) { return; }
    event.preventDefault();
    refresh();
    next(input);
  });
  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("keying-input")) { return; }
    refresh();
    if (input.tagName === "INPUT" && (complete(input) || completeSeveral(input))) { next(input); }
  });
  refresh();
})();
