/* Render the math that pymdownx.arithmatex (generic mode) leaves in the page.
   KaTeX and its auto-render extension are served from assets/vendor/katex/, never from a CDN. */
(function () {
  "use strict";

  function render(root) {
    if (typeof renderMathInElement !== "function") {
      return;
    }
    var blocks = root.querySelectorAll(".arithmatex");
    for (var i = 0; i < blocks.length; i++) {
      renderMathInElement(blocks[i], {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true }
        ],
        throwOnError: false
      });
    }
  }

  /* Material publishes document$ on every page load; fall back to DOMContentLoaded. */
  if (typeof document$ !== "undefined" && document$ && document$.subscribe) {
    document$.subscribe(function () { render(document.body); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  } else {
    render(document.body);
  }
})();
