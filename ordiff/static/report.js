/* ordiff redline report: views, next/previous change, filters. The page reads without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var main = document.getElementById("report");
  if (!main) { return; }
  var tools = main.querySelector(".js-only");
  if (tools) { tools.hidden = false; }
  var position = document.getElementById("position");
  var current = null;
  var viewNames = { inline: "inline", "side-by-side": "side", changes: "changes" };

  function setView(name, quiet) {
    main.setAttribute("data-view", viewNames[name] || "inline");
    main.querySelectorAll(".views a").forEach(function (link) {
      var on = link.getAttribute("data-view") === name;
      link.setAttribute("aria-current", on ? "true" : "false");
    });
    if (!quiet && history.replaceState) { history.replaceState(null, "", "#view-" + name); }
    current = null;
    if (position) { position.textContent = ""; }
  }

  function viewOf(element) {
    if (element.closest(".view-side")) { return "side-by-side"; }
    return main.getAttribute("data-view") === "changes" && element.classList.contains("changed")
      ? "changes" : "inline";
  }

  function visibleChanges() {
    return Array.prototype.filter.call(main.querySelectorAll(".row.changed"), function (row) {
      return row.offsetParent !== null && row.getClientRects().length > 0;
    });
  }

  function go(step) {
    var rows = visibleChanges();
    if (!rows.length) { if (position) { position.textContent = "No change shown"; } return; }
    var index = current ? rows.indexOf(current) : -1;
    if (index < 0) {
      var top = window.scrollY + 80;
      index = step > 0 ? -1 : rows.length;
      rows.forEach(function (row, i) {
        var y = row.getBoundingClientRect().top + window.scrollY;
        if (step > 0 && y < top) { index = i; }
        if (step < 0 && y >= top - 1 && index === rows.length) { index = i; }
      });
    }
    index = Math.min(Math.max(index + step, 0), rows.length - 1);
    if (current) { current.classList.remove("current"); }
    current = rows[index];
    current.classList.add("current");
    current.scrollIntoView({ block: "center" });
    current.focus({ preventScroll: true });
    if (position) { position.textContent = "Change " + (index + 1) + " of " + rows.length; }
  }

  main.querySelectorAll(".views a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      setView(link.getAttribute("data-view"));
    });
  });
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  if (prev) { prev.addEventListener("click", function () { go(-1); }); }
  if (next) { next.addEventListener("click", function () { go(1); }); }

  main.querySelectorAll(".filters input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      main.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
      current = null;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    if (event.key === "j" || event.key === "n") { go(1); event.preventDefault(); }
    if (event.key === "k" || event.key === "p") { go(-1); event.preventDefault(); }
  });

  function follow() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("view-") === 0 && viewNames[hash.slice(5)]) { setView(hash.slice(5), true); return; }
    var target = hash && document.getElementById(hash);
    if (!target || !main.contains(target)) { return; }
    var wanted = viewOf(target);
    var now = main.getAttribute("data-view");
    if (viewNames[wanted] !== now && !(now === "changes" && wanted === "inline"
        && target.classList.contains("ctx"))) { setView(wanted, true); }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", follow);
  var initial = main.getAttribute("data-view");
  setView(initial === "side" ? "side-by-side" : initial, true);
  follow();
}());
