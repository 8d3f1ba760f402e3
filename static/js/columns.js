// Household import, choosing the columns: when a column is set to a field that another column
// had, that other column is set to "(do not use)" at once and the move is announced. Without
// JavaScript the server makes the same move when the form is sent.
(function () {
  "use strict";
  var group = document.getElementById("kolommen");
  var status = document.getElementById("column-moved");
  if (!group || !status) {
    return;
  }
  var selects = Array.prototype.slice.call(group.querySelectorAll("select"));

  function labelOf(select) {
    var label = group.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.trim() : select.name;
  }

  selects.forEach(function (select) {
    select.addEventListener("change", function () {
      if (!select.value) {
        return;
      }
      selects.forEach(function (other) {
        if (other !== select && other.value === select.value) {
          other.value = "";
          var field = select.options[select.selectedIndex].textContent.trim();
          status.textContent = group.dataset.moved
            .replace("{field}", field)
            .replace("{column}", labelOf(other));
        }
      });
    });
  });
})();
