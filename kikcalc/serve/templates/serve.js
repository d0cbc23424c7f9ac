// kikcalc serve: live reload and the what-if. Plain script, no build step; every piece of
// HTML it puts in the page comes from the server, escaped there.
"use strict";

(function () {
  const body = document.body;
  const watched = (body.dataset.watch || "").split("\n").filter(Boolean);
  let known = null;

  async function poll() {
    if (!watched.length) return;
    const query = watched.map((f) => "f=" + encodeURIComponent(f)).join("&");
    try {
      const answer = await fetch("/stamp?" + query, { cache: "no-store" });
      const { stamp } = await answer.json();
      if (known !== null && stamp !== known) {
        location.reload();
        return;
      }
      known = stamp;
      body.dataset.stamp = stamp;
    } catch (error) {
      // the server stopped: try again later
    }
    setTimeout(poll, 700);
  }
  poll();

  const form = document.getElementById("whatif-form");
  if (!form) return;
  const fields = Array.from(form.querySelectorAll("input[data-path]"));
  const result = document.getElementById("whatif-result");
  const command = document.getElementById("whatif-command");
  let timer = null;
  let asked = 0;

  function changed() {
    return fields.filter((f) => f.value.trim() !== f.dataset.original)
      .map((f) => f.dataset.path + "=" + f.value.trim());
  }

  async function recompute() {
    const sets = changed();
    fields.forEach((f) => f.classList.toggle("changed", f.value.trim() !== f.dataset.original));
    const mine = ++asked;
    const query = sets.map((s) => "set=" + encodeURIComponent(s)).join("&");
    const answer = await fetch("/whatif/" + encodeURI(form.dataset.rel) + "?" + query);
    const html = await answer.text();
    if (mine !== asked) return; // a later change answered first
    result.innerHTML = html;
    command.textContent = "kikcalc payback " + form.dataset.rel +
      sets.map((s) => " --set '" + s + "'").join("");
    body.dataset.whatif = String(mine);
  }

  fields.forEach((f) => f.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(recompute, 250);
  }));

  form.addEventListener("submit", () => {
    form.querySelectorAll("input[name=set]").forEach((e) => e.remove());
    changed().forEach((s) => {
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "set";
      hidden.value = s;
      form.appendChild(hidden);
    });
  });
})();
