// Loads a listing's matches as their own section after the page has loaded, so the listing itself never
// waits for matching; the section's links keep working without JavaScript (they open the matches page).
(function () {
  "use strict";

  function load(container, url) {
    var fragmentUrl = new URL(url, window.location.href);
    fragmentUrl.searchParams.set("fragment", "1");
    container.setAttribute("aria-busy", "true");
    return fetch(fragmentUrl.toString(), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("matches answered " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        container.innerHTML = html;
      })
      .catch(function () {
        // The fallback link stays in place: it opens the matches on a page of their own.
      })
      .finally(function () {
        container.setAttribute("aria-busy", "false");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-matches-src]").forEach(function (container) {
      load(container, container.getAttribute("data-matches-src"));
      container.addEventListener("click", function (event) {
        var link = event.target.closest("a[data-matches-page]");
        if (!link) {
          return;
        }
        event.preventDefault();
        load(container, link.getAttribute("href")).then(function () {
          container.closest("section").scrollIntoView({ block: "start" });
        });
      });
    });
  });
})();
