/* Zoom for diagrams: an <img class="gg-zoom"> (or any <img> inside an element with class
   gg-zoom) opens in a full-screen overlay on click, or with Enter or Space when it has the
   focus (each such image is a button in the tab order, named by its alt text). The overlay is a
   modal dialog with a Close button that holds the focus; Escape, Enter, Space, the button or a
   click closes it, and the focus goes back to the diagram. Its words follow the page's
   language (<html lang>). Written without dependencies; no CDN. */
(function () {
  "use strict";

  var WORDS = {
    en: { enlarge: "Enlarge the diagram", close: "Close" },
    zh: { enlarge: "放大此图", close: "关闭" }
  };
  var words = /^zh\b/i.test(document.documentElement.lang) ? WORDS.zh : WORDS.en;

  var overlay = null;
  var closeButton = null;
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
    closeButton = null;
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
    var big = document.createElement("img");
    big.alt = img.getAttribute("alt") || "";
    /* Scale up to fill the screen (an SVG's intrinsic size is small), keeping the aspect ratio. */
    big.addEventListener("load", function () {
      var w = big.naturalWidth || img.clientWidth;
      var h = big.naturalHeight || img.clientHeight;
      if (w > 0 && h > 0) {
        var fitW = (window.innerWidth * 0.96) / w;
        var fitH = (window.innerHeight * 0.96) / h;
        var scale = Math.min(fitW, fitH);
        /* A phone would shrink a wide diagram below its drawn size, and its numbers out of
           reach: show it at least at that size (as tall as the screen allows) and let the reader
           pan and pinch. */
        scale = Math.max(scale, Math.min(1, fitH));
        big.style.width = Math.round(w * scale) + "px";
        big.style.height = Math.round(h * scale) + "px";
        if (overlay) {
          overlay.classList.toggle("gg-zoom-overlay--pan", w * scale > window.innerWidth);
        }
      }
    });
    big.src = img.currentSrc || img.src;
    closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.className = "gg-zoom-close";
    closeButton.textContent = "\u00d7";
    closeButton.setAttribute("aria-label", words.close);
    closeButton.title = words.close;
    overlay.appendChild(big);
    overlay.appendChild(closeButton);
    overlay.addEventListener("click", close);
    document.body.appendChild(overlay);
    document.documentElement.classList.add("gg-zoom-open");
    closeButton.focus();
  }

  document.addEventListener("click", function (event) {
    var img = zoomable(event.target);
    if (img && !overlay) {
      event.preventDefault();
      open(img);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (overlay) {
      if (event.key === "Escape" || event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        close();
      } else if (event.key === "Tab") {
        /* A modal dialog: the focus stays on its one control. */
        event.preventDefault();
        closeButton.focus();
      }
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      var img = zoomable(event.target);
      if (img) {
        event.preventDefault();
        open(img);
      }
    }
  });

  /* Make zoomable images reachable with the keyboard, as buttons that open a dialog. */
  function prepare() {
    var imgs = document.querySelectorAll("img.gg-zoom, .gg-zoom img");
    for (var i = 0; i < imgs.length; i++) {
      if (!imgs[i].hasAttribute("tabindex")) {
        imgs[i].tabIndex = 0;
        imgs[i].setAttribute("role", "button");
        imgs[i].setAttribute("aria-haspopup", "dialog");
        imgs[i].title = words.enlarge;
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();
