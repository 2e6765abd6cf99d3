// Starts Swagger UI on /api/docs with the served OpenAPI document (no inline script: the site's CSP).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    presets: [window.SwaggerUIBundle.presets.apis],
    // The page has its own title and notes; Swagger UI's second h1 would break the heading order.
    plugins: [
      function () {
        var nothing = function () {
          return function () {
            return null;
          };
        };
        return { wrapComponents: { InfoContainer: nothing } };
      },
    ],
    layout: "BaseLayout",
    deepLinking: false,
    // The online validator would load a badge from another origin, which the CSP refuses.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
  });
})();
