/* Zoom on click for diagrams: an <img class="gg-zoom"> (or any <img> inside an element with
   class gg-zoom) opens in a full-screen overlay. Escape, a click or Enter/Space closes it.
   Written without dependencies; no CDN. */
(function () {
  "use strict";

  var overlay = null;
  var lastFocus = null;

  function zoomable(target) {
    if (!(target instanceof Element)) {
      return null;
    }
    var img = target.closest("img");
    if (!img) {
      return null;
    }
    if (img.classList.contains("gg-zoom") || img.closest(".gg-zoom")) {
      return img;
    }
    return null;
  }

  function close() {
    if (!overlay) {
      return;
    }
    overlay.remove();
    overlay = null;
    document.documentElement.classList.remove("gg-zoom-open");
    if (lastFocus && typeof lastFocus.focus === "function") {
      lastFocus.focus();
    }
  }

  function open(img) {
    close();
    lastFocus = document.activeElement;
    overlay = document.createElement("div");
    overlay.className = "gg-zoom-overlay";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", img.getAttribute("alt") || "");
    overlay.tabIndex = -1;
    var big = document.createElement("img");
    big.alt = img.getAttribute("alt") || "";
    /* Scale up to fill the screen (an SVG's intrinsic size is small), keeping the aspect ratio. */
    big.addEventListener("load", function () {
      var w = big.naturalWidth || img.clientWidth;
      var h = big.naturalHeight || img.clientHeight;
      if (w > 0 && h > 0) {
        var scale = Math.min((window.innerWidth * 0.96) / w, (window.innerHeight * 0.96) / h);
        big.style.width = Math.round(w * scale) + "px";
        big.style.height = Math.round(h * scale) + "px";
      }
    });
    big.src = img.currentSrc || img.src;
    overlay.appendChild(big);
    overlay.addEventListener("click", close);
    document.body.appendChild(overlay);
    document.documentElement.classList.add("gg-zoom-open");
    overlay.focus();
  }

  document.addEventListener("click", function (event) {
    var img = zoomable(event.target);
    if (img && !overlay) {
      event.preventDefault();
      open(img);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (overlay && (event.key === "Escape" || event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      close();
      return;
    }
    if (!overlay && (event.key === "Enter" || event.key === " ")) {
      var img = zoomable(event.target);
      if (img) {
        event.preventDefault();
        open(img);
      }
    }
  });

  /* Make zoomable images reachable with the keyboard. */
  function prepare() {
    var imgs = document.querySelectorAll("img.gg-zoom, .gg-zoom img");
    for (var i = 0; i < imgs.length; i++) {
      if (!imgs[i].hasAttribute("tabindex")) {
        imgs[i].tabIndex = 0;
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();
