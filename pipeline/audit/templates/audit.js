(function () {
  "use strict";
  var byId = function (id) { return id ? document.getElementById(id) : null; };

  function flash(element) {
    element.classList.remove("flash");
    void element.offsetWidth;
    element.classList.add("flash");
  }

  function show(id, from) {
    var target = byId(id);
    if (!target) { return false; }
    target.scrollIntoView({ behavior: "smooth", block: "center", inline: "nearest" });
    flash(target);
    if (from) { history.replaceState(null, "", "#" + id); }
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (link) {
      if (show(link.getAttribute("href").slice(1), link)) { event.preventDefault(); }
      return;
    }
    var row = event.target.closest("[data-box]");
    if (row) { show(row.getAttribute("data-box"), row); }
  });

  function light(element, on) {
    if (element) { element.classList.toggle("lit", on); }
  }

  document.querySelectorAll(".box[data-row]").forEach(function (box) {
    var row = byId(box.getAttribute("data-row"));
    box.addEventListener("mouseenter", function () { light(row, true); });
    box.addEventListener("mouseleave", function () { light(row, false); });
  });

  document.querySelectorAll("[data-box]").forEach(function (row) {
    var box = byId(row.getAttribute("data-box"));
    row.addEventListener("mouseenter", function () { light(box, true); });
    row.addEventListener("mouseleave", function () { light(box, false); });
  });
})();
