/* The editable computational graph on the home page ([[editable NAME]] blocks, written by
   site_tools/editable_graph.py).

   The engine exported the graph at build time (JSON in the block): nodes, their kinds (add or
   multiply), edges with the ids of the SVG diagram's edges. When an input changes, this script
   runs forward propagation (each node in order: add sums its two inputs, multiply takes their
   product), then backward propagation from 1 at the output (add passes the upstream derivative
   to both inputs; multiply passes it times the other input; a value used twice adds up), and
   writes every value and derivative into both diagrams (light and dark) and the table.
   Invalid input (empty, negative, not a number, too large) leaves the last good numbers in
   place and says what is wrong in a live region. Numbers are formatted as the engine's
   format_number does (graphgrad/viz/model.py), so the page and the engine always agree.
   No dependencies. */
(function () {
  "use strict";

  var MINUS = "\u2212";

  /* Python's f"{a:.{d}f}": correctly rounded, and a tie goes to the even digit (JavaScript's
     toFixed rounds a tie up). toFixed(100) gives the exact decimal expansion of a double. */
  function fixed(a, d) {
    var exact = a.toFixed(100);
    var point = exact.indexOf(".");
    var rest = exact.slice(point + 1 + d);
    if (/^50*$/.test(rest)) {
      var kept = d > 0 ? exact.slice(0, point + 1 + d) : exact.slice(0, point);
      var last = kept.charCodeAt(kept.length - 1) - 48;
      if (last % 2 === 0) {
        return kept;
      }
    }
    return a.toFixed(d);
  }

  function formatNumber(x) {
    if (isNaN(x)) {
      return "NaN";
    }
    if (!isFinite(x)) {
      return x > 0 ? "\u221e" : MINUS + "\u221e";
    }
    if (x === 0) {
      return "0";
    }
    var sign = x < 0 ? MINUS : "";
    var a = Math.abs(x);
    if (a >= 1e-4 && a < 1e9) {
      var nearest = Math.round(a);
      if (nearest && Math.abs(a - nearest) <= 1e-9 * a) {
        return sign + String(nearest);
      }
      var decimals = Math.max(0, 3 - Math.floor(Math.log10(a)));
      var body = fixed(a, decimals);
      if (body.indexOf(".") >= 0) {
        body = body.replace(/0+$/, "").replace(/\.$/, "");
      }
      return sign + body;
    }
    var parts = a.toExponential(3).split("e");
    var mantissa = parts[0].replace(/0+$/, "").replace(/\.$/, "");
    var exp = parseInt(parts[1], 10);
    return sign + mantissa + "e" + (exp < 0 ? MINUS : "") + Math.abs(exp);
  }

  /* Forward and backward propagation over the exported graph. */
  function evaluate(graph, inputs) {
    var nodes = {};
    var value = {};
    var edgeValue = {};
    var edgeGrad = {};
    graph.nodes.forEach(function (n) {
      nodes[n.id] = n;
      if (n.kind === "input") {
        value[n.id] = inputs[n.name];
      }
    });
    var edgesBySrc = {};
    graph.edges.forEach(function (e) {
      (edgesBySrc[e.src] = edgesBySrc[e.src] || []).push(e);
    });
    function valueOfEdge(id) {
      for (var i = 0; i < graph.edges.length; i++) {
        if (graph.edges[i].id === id) {
          return value[graph.edges[i].src];
        }
      }
      throw new Error("no edge " + id);
    }
    graph.forward.forEach(function (id) {
      var n = nodes[id];
      var a = valueOfEdge(n.inputs[0]);
      var b = valueOfEdge(n.inputs[1]);
      value[id] = n.op === "add" ? a + b : a * b;
    });
    graph.edges.forEach(function (e) {
      edgeValue[e.id] = value[e.src];
      if (nodes[e.dst].kind === "output") {
        value[e.dst] = value[e.src];
        edgeGrad[e.id] = 1;
      }
    });
    graph.backward.forEach(function (id) {
      var n = nodes[id];
      var up = 0;
      n.outputs.forEach(function (eid) {
        up += edgeGrad[eid];
      });
      var a = edgeValue[n.inputs[0]];
      var b = edgeValue[n.inputs[1]];
      if (n.op === "add") {
        edgeGrad[n.inputs[0]] = up;
        edgeGrad[n.inputs[1]] = up;
      } else {
        edgeGrad[n.inputs[0]] = up * b;
        edgeGrad[n.inputs[1]] = up * a;
      }
    });
    var grad = {};
    graph.nodes.forEach(function (n) {
      if (n.kind === "input") {
        var g = null;
        (edgesBySrc[n.id] || []).forEach(function (e) {
          g = g === null ? edgeGrad[e.id] : g + edgeGrad[e.id];
        });
        grad[n.name] = g;
      } else if (n.kind === "output") {
        grad[n.name] = 1;
      }
      if (n.kind !== "op") {
        value[n.name] = value[n.id];
      }
    });
    return { value: value, grad: grad, edgeValue: edgeValue, edgeGrad: edgeGrad };
  }

  var NUMBER = /^\s*(\d+\.?\d*|\.\d+)\s*$/;

  function setup(root) {
    if (root.getAttribute("data-gg-ready")) {
      return;
    }
    root.setAttribute("data-gg-ready", "1");
    var script = root.querySelector("script.gg-editable-graph");
    var message = root.querySelector(".gg-editable-message");
    var fields = root.querySelectorAll("input[data-variable]");
    var reset = root.querySelector(".gg-editable-reset");
    if (!script || !message || !fields.length) {
      return;
    }
    var graph = JSON.parse(script.textContent);
    var max = parseFloat(root.getAttribute("data-max"));

    function say(key, field, extra) {
      var text = root.getAttribute("data-msg-" + key) || "";
      text = text.replace("{label}", field ? field.getAttribute("data-label") : "");
      text = text.replace("{max}", extra || "").replace("{price}", extra || "");
      message.textContent = text;
      message.classList.toggle("gg-editable-message--error", key !== "updated");
    }

    function read() {
      var inputs = {};
      for (var i = 0; i < fields.length; i++) {
        var field = fields[i];
        var raw = field.value;
        var problem = null;
        if (raw.trim() === "") {
          problem = "empty";
        } else if (/^\s*[-\u2212]/.test(raw) && !isNaN(parseFloat(raw.replace("\u2212", "-")))) {
          problem = "negative";
        } else if (!NUMBER.test(raw)) {
          problem = "nan";
        } else if (parseFloat(raw) > max) {
          problem = "large";
        }
        if (problem) {
          field.setAttribute("aria-invalid", "true");
          say(problem, field, formatNumber(max));
          return null;
        }
        field.removeAttribute("aria-invalid");
        inputs[field.getAttribute("data-variable")] = parseFloat(raw);
      }
      return inputs;
    }

    function setText(selector, text) {
      var found = root.querySelectorAll(selector);
      for (var i = 0; i < found.length; i++) {
        found[i].textContent = text;
      }
    }

    function update(announce) {
      var inputs = read();
      if (!inputs) {
        return;
      }
      var r = evaluate(graph, inputs);
      graph.edges.forEach(function (e) {
        setText('[data-edge="' + e.id + '"] text', formatNumber(r.edgeValue[e.id]));
        setText('[data-edge="' + e.id + '-grad"] text', formatNumber(r.edgeGrad[e.id]));
      });
      Object.keys(r.grad).forEach(function (name) {
        setText('[data-gg-value="' + name + '"]', formatNumber(r.value[name]));
        setText('[data-gg-grad="' + name + '"]', formatNumber(r.grad[name]));
      });
      if (announce) {
        say("updated", null, formatNumber(r.value[graph.output]));
      } else {
        message.textContent = "";
      }
    }

    for (var i = 0; i < fields.length; i++) {
      fields[i].addEventListener("input", function () {
        update(true);
      });
    }
    if (reset) {
      reset.addEventListener("click", function () {
        for (var j = 0; j < fields.length; j++) {
          fields[j].value = fields[j].getAttribute("data-default");
        }
        update(true);
      });
    }
    root.classList.add("gg-editable--ready");
    update(false);
  }

  function init() {
    var roots = document.querySelectorAll("[data-gg-editable]");
    for (var i = 0; i < roots.length; i++) {
      setup(roots[i]);
    }
  }

  /* For the tests and the curious: the same arithmetic, callable from the console. */
  window.ggGraph = { evaluate: evaluate, formatNumber: formatNumber };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  }
})();
