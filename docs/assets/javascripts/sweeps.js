/* The reason-two figure on the efficiency page (<div data-gg-sweeps></div>, written by
   docs/hooks/reason_two.py from site_tools/reason_two.py).

   The engine ran both modes at build time for every size from 1 to 16 and both shapes (n inputs
   and one output: a Jacobian row; one input and m outputs: a column), filling the Jacobian sweep
   by sweep inside count_ops. The block carries what happened as JSON: for each sweep, which
   entries it filled and how many node evaluations it took, and the Jacobian's entries. This
   script only replays it: it counts nothing itself. A sweep button fills what that sweep filled;
   the counter says how many sweeps have run out of how many the engine needed. The size is typed
   (or changed with the − and + buttons or the arrow keys); anything but a whole number from 1 to
   16 is refused with a message, and the figure keeps its last good size. A visually hidden live
   region announces each change. No dependencies, no CDN. */
(function () {
  "use strict";

  var MINUS = "\u2212";

  /* As the engine's format_number does for the small whole numbers the figure shows. */
  function formatNumber(x) {
    if (Math.abs(x - Math.round(x)) <= 1e-9 * Math.abs(x)) {
      return (x < 0 ? MINUS : "") + String(Math.abs(Math.round(x)));
    }
    return String(x).replace("-", MINUS);
  }

  function fill(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(fields, key) ? String(fields[key]) : all;
    });
  }

  function setup(root) {
    if (root.getAttribute("data-gg-ready")) {
      return;
    }
    root.setAttribute("data-gg-ready", "1");
    var script = root.querySelector("script.gg-sweeps-data");
    var field = root.querySelector(".gg-sweeps-size input");
    var label = root.querySelector(".gg-sweeps-size label");
    var message = root.querySelector(".gg-sweeps-message");
    var live = root.querySelector(".gg-sweeps-live");
    if (!script || !field || !label || !message || !live) {
      return;
    }
    var data = JSON.parse(script.textContent);
    var words = data.words;
    var low = data.sizes[0];
    var high = data.sizes[1];
    var state = { shape: "row", size: data.start };
    var modes = {};
    var sections = root.querySelectorAll(".gg-sweeps-mode");
    for (var i = 0; i < sections.length; i++) {
      modes[sections[i].getAttribute("data-mode")] = { el: sections[i], done: 0 };
    }

    function run(mode) {
      return data.shapes[state.shape][String(state.size)][mode];
    }

    function entryName(k) {
      return fill(words["entry_" + state.shape], { i: k + 1 });
    }

    function draw(mode) {
      var m = modes[mode];
      var sweeps = run(mode);
      var jac = data.shapes[state.shape][String(state.size)].jacobian;
      var known = {};
      var evaluations = 0;
      for (var s = 0; s < m.done; s++) {
        sweeps[s].filled.forEach(function (k) {
          known[k] = true;
        });
        evaluations += sweeps[s].evaluations;
      }
      var box = m.el.querySelector(".gg-sweeps-jacobian");
      box.textContent = "";
      for (var k = 0; k < jac.length; k++) {
        var cell = document.createElement("span");
        cell.className = "gg-sweeps-entry" + (known[k] ? " gg-sweeps-entry--known" : "");
        cell.setAttribute("role", "listitem");
        cell.setAttribute("data-entry", String(k));
        var name = document.createElement("span");
        name.className = "gg-sweeps-entry-name";
        name.textContent = entryName(k);
        var value = document.createElement("span");
        value.className = "gg-sweeps-entry-value";
        value.textContent = known[k] ? formatNumber(jac[k]) : "";
        cell.appendChild(name);
        cell.appendChild(value);
        box.appendChild(cell);
      }
      var counter = m.el.querySelector(".gg-sweeps-counter");
      counter.setAttribute("data-sweeps", String(m.done));
      counter.setAttribute("data-total", String(sweeps.length));
      counter.setAttribute("data-evaluations", String(evaluations));
      var text = m.done === 0
        ? fill(words.counter_start, { total: sweeps.length })
        : fill(words.counter, { k: m.done, total: sweeps.length });
      counter.textContent = text + (m.done ? " · " + fill(words.evaluations, { e: evaluations }) : "");
      m.el.querySelector(".gg-sweeps-step").disabled = m.done === sweeps.length;
      m.el.querySelector(".gg-sweeps-all").disabled = m.done === sweeps.length;
      m.el.querySelector(".gg-sweeps-reset").disabled = m.done === 0;
      return evaluations;
    }

    function sweepWord(k) {
      return k === 1 ? words.one_sweep : words.sweeps;
    }

    function doneSentence(mode, evaluations) {
      var total = run(mode).length;
      return fill(words.done, {
        mode: words[mode], size: state.size, k: total, sweeps: sweepWord(total), e: evaluations
      });
    }

    function step(mode, toEnd) {
      var m = modes[mode];
      var sweeps = run(mode);
      if (m.done >= sweeps.length) {
        return;
      }
      var before = m.done;
      m.done = toEnd ? sweeps.length : m.done + 1;
      var evaluations = draw(mode);
      if (m.done === sweeps.length) {
        live.textContent = doneSentence(mode, evaluations);
      } else {
        var last = sweeps[m.done - 1];
        var jac = data.shapes[state.shape][String(state.size)].jacobian;
        var what = last.filled.length === 1 && state.size > 1
          ? fill(words.filled_one, { i: entryName(last.filled[0]), v: formatNumber(jac[last.filled[0]]) })
          : fill(words.filled_all, { size: state.size });
        live.textContent = fill(words.filled, { mode: words[mode], k: m.done, total: sweeps.length, what: what });
      }
      /* A button that has just become disabled loses the focus: give it to "Start again". */
      if (before !== m.done && document.activeElement && document.activeElement.disabled) {
        m.el.querySelector(".gg-sweeps-reset").focus();
      }
    }

    function show(announce) {
      var n = String(state.size);
      root.classList.toggle("gg-sweeps--column", state.shape === "column");
      label.textContent = words["size_" + state.shape];
      field.value = n;
      field.removeAttribute("aria-invalid");
      var imgs = root.querySelectorAll(".gg-sweeps-graph");
      for (var j = 0; j < imgs.length; j++) {
        var theme = /#only-(\w+)/.exec(imgs[j].getAttribute("src"))[1];
        imgs[j].setAttribute("src", data.files[state.shape][n][theme] + "#only-" + theme);
        imgs[j].setAttribute("alt", data.alt[state.shape][n]);
      }
      Object.keys(modes).forEach(function (mode) {
        modes[mode].done = 0;
        draw(mode);
      });
      message.textContent = "";
      message.classList.remove("gg-sweeps-message--error");
      if (announce) {
        var f = run("forward").length;
        var r = run("reverse").length;
        live.textContent = fill(words.changed, {
          shape: words[state.shape], what: words[state.shape === "row" ? "inputs" : "outputs"],
          size: state.size, f: f, fs: sweepWord(f), r: r, rs: sweepWord(r)
        });
      }
    }

    function refuse(key, raw) {
      field.setAttribute("aria-invalid", "true");
      message.textContent = fill(words[key], {
        raw: raw.trim(), size: state.size, what: words[state.shape === "row" ? "inputs" : "outputs"]
      });
      message.classList.add("gg-sweeps-message--error");
    }

    function setSize(raw) {
      var text = String(raw);
      if (text.trim() === "") {
        refuse("empty", text);
        return false;
      }
      if (!/^\s*[-\u2212]?\d+\s*$/.test(text)) {
        refuse("nan", text);
        return false;
      }
      var n = parseInt(text.replace(MINUS, "-"), 10);
      if (n < low || n > high) {
        refuse("range", text);
        return false;
      }
      var changed = n !== state.size;
      state.size = n;
      if (changed) {
        show(true);
      } else {
        field.removeAttribute("aria-invalid");
        message.textContent = "";
        message.classList.remove("gg-sweeps-message--error");
      }
      return true;
    }

    field.addEventListener("input", function () {
      setSize(field.value);
    });
    field.addEventListener("change", function () {
      if (field.getAttribute("aria-invalid") !== "true") {
        field.value = String(state.size);
      }
    });
    field.addEventListener("keydown", function (event) {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.preventDefault();
        var next = state.size + (event.key === "ArrowUp" ? 1 : -1);
        setSize(String(next));
        if (field.getAttribute("aria-invalid") === "true") {
          field.value = String(next);
        }
      }
    });
    root.querySelector(".gg-sweeps-less").addEventListener("click", function () {
      setSize(String(state.size - 1));
    });
    root.querySelector(".gg-sweeps-more").addEventListener("click", function () {
      setSize(String(state.size + 1));
    });
    var radios = root.querySelectorAll('input[name="gg-sweeps-shape"]');
    for (var r = 0; r < radios.length; r++) {
      radios[r].addEventListener("change", function (event) {
        if (event.target.checked) {
          state.shape = event.target.value;
          show(true);
        }
      });
    }
    Object.keys(modes).forEach(function (mode) {
      var el = modes[mode].el;
      el.querySelector(".gg-sweeps-step").addEventListener("click", function () {
        step(mode, false);
      });
      el.querySelector(".gg-sweeps-all").addEventListener("click", function () {
        step(mode, true);
      });
      el.querySelector(".gg-sweeps-reset").addEventListener("click", function () {
        modes[mode].done = 0;
        draw(mode);
        live.textContent = words[mode] + ": " + fill(words.counter_start, { total: run(mode).length });
        el.querySelector(".gg-sweeps-step").focus();
      });
    });
    root.classList.add("gg-sweeps--ready");
    show(false);
  }

  function init() {
    var roots = document.querySelectorAll("[data-gg-sweeps]");
    for (var i = 0; i < roots.length; i++) {
      setup(roots[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  }
})();
