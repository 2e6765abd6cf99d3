// Counts a visit of an exhibit page or sheet once the page is really shown to someone. The count is a POST
// beacon, so loading (or prefetching) the page writes nothing; a prerendered page waits until it is shown.
(function () {
  "use strict";
  var target = document.querySelector("[data-visit-url]");
  if (!target || !navigator.sendBeacon) {
    return;
  }
  function send() {
    navigator.sendBeacon(target.getAttribute("data-visit-url"));
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
