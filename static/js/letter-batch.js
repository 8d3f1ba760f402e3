// Letter batch page: while the letters are being made, fetch the page every few seconds and
// show the new progress in place (the status region announces it). Without JavaScript the
// button on the page does the same by hand; nothing reloads the page by itself.
(function () {
  "use strict";
  var region = document.getElementById("batch-progress");
  if (!region || !region.dataset.follow || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = region.dataset.follow;
  var hint = document.getElementById("batch-follow-hint");
  if (hint) {
    hint.hidden = true; // the page follows by itself; the button still works
  }

  function update() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var next = fresh.getElementById("batch-progress");
        var status = region.querySelector('[role="status"]');
        var freshStatus = next && next.querySelector('[role="status"]');
        if (!status || !freshStatus) {
          return;
        }
        if (status.innerHTML !== freshStatus.innerHTML) {
          status.innerHTML = freshStatus.innerHTML; // announced: it is a status region
        }
        if (next.dataset.follow) {
          window.setTimeout(update, 3000);
          return;
        }
        // Ready, failed or interrupted: show what the finished page shows below the status.
        delete region.dataset.follow;
        Array.prototype.slice.call(region.children).forEach(function (child) {
          if (child !== status) {
            region.removeChild(child);
          }
        });
        Array.prototype.slice.call(next.children).forEach(function (child) {
          if (child !== freshStatus) {
            region.appendChild(document.importNode(child, true));
          }
        });
      })
      .catch(function () {
        window.setTimeout(update, 10000);
      });
  }

  window.setTimeout(update, 3000);
})();
