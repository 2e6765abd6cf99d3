// Marks the conversation read once it is really shown to its reader. The marker is a same-origin POST
// (with the page's CSRF token), so loading or prefetching the page writes nothing.
(function () {
  "use strict";
  var section = document.querySelector("[data-read-url]");
  var token = document.querySelector("input[name=csrf_token]");
  if (!section || !token || !window.fetch) {
    return;
  }
  function send() {
    var body = new URLSearchParams();
    body.set("up_to", section.getAttribute("data-latest-message"));
    body.set("csrf_token", token.value);
    fetch(section.getAttribute("data-read-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      body: body,
    });
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
