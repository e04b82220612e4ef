/* Step-through of backward propagation, for the [[steps NAME]] blocks that
   site_tools/diagram_html.py writes. Without this script every frame is shown, one after
   another; with it one frame is shown at a time, with Previous step/Next step buttons, the
   arrow keys and a visible "Step k of n" status. A visually hidden live region announces the
   caption of each step a reader moves to (not the first one on page load), so a screen reader
   says what changed in the picture. No dependencies, no CDN. */
(function () {
  "use strict";

  function setup(root) {
    if (root.getAttribute("data-gg-ready")) {
      return;
    }
    root.setAttribute("data-gg-ready", "1");
    var frames = root.querySelectorAll(".gg-steps-frame");
    var controls = root.querySelector(".gg-steps-controls");
    var prev = root.querySelector(".gg-steps-prev");
    var next = root.querySelector(".gg-steps-next");
    var status = root.querySelector(".gg-steps-status");
    if (!frames.length || !controls || !prev || !next || !status) {
      return;
    }
    var current = 0;
    /* Created before anything is written into it, so screen readers pick up every change. */
    var live = document.createElement("p");
    live.className = "gg-steps-live gg-visually-hidden";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    controls.appendChild(live);

    function show(k, announce) {
      current = Math.max(0, Math.min(frames.length - 1, k));
      for (var i = 0; i < frames.length; i++) {
        frames[i].hidden = i !== current;
      }
      prev.disabled = current === 0;
      next.disabled = current === frames.length - 1;
      status.textContent = frames[current].getAttribute("data-status") || "";
      if (announce) {
        var caption = frames[current].querySelector("figcaption");
        live.textContent = caption ? caption.textContent : status.textContent;
      }
      /* A button that has just become disabled loses the focus: give it to the other one. */
      if (document.activeElement === prev && prev.disabled) {
        next.focus();
      } else if (document.activeElement === next && next.disabled) {
        prev.focus();
      }
    }

    prev.addEventListener("click", function () {
      show(current - 1, true);
    });
    next.addEventListener("click", function () {
      show(current + 1, true);
    });
    root.addEventListener("keydown", function (event) {
      if (event.target.closest && event.target.closest(".gg-zoom-overlay")) {
        return;
      }
      if (event.key === "ArrowLeft") {
        event.preventDefault();
        show(current - 1, true);
      } else if (event.key === "ArrowRight") {
        event.preventDefault();
        show(current + 1, true);
      }
    });
    controls.hidden = false;
    root.classList.add("gg-steps--ready");
    show(0);
  }

  function init() {
    var roots = document.querySelectorAll("[data-gg-steps]");
    for (var i = 0; i < roots.length; i++) {
      setup(roots[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  /* Material's instant navigation (not enabled on this site) swaps pages without a reload. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  }
})();
