
"use strict";
// Filtering and sorting for the table of deadlines. Everything is already in the HTML:
// without this script the page shows every row, sorted by due date.
(() => {
  const form = document.getElementById("controls");
  const table = document.getElementById("rows");
  const shown = document.getElementById("shown");
  if (!form || !table || !shown) return;
  const field = (name) => form.elements.namedItem(name);
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const words = new Map(rows.map((r) => [
    r, Array.from(r.querySelectorAll(".s"), (e) => e.textContent).join(" ").toLowerCase(),
  ]));
  const heads = Array.from(table.tHead.rows[0].cells).filter((th) => th.dataset.sort);
  let current = { key: "due", dir: 1 };

  const sort = (key, dir) => {
    current = { key, dir };
    const attr = "data-sort-" + key;
    rows.sort((a, b) => dir * (Number(a.getAttribute(attr)) - Number(b.getAttribute(attr))));
    body.append(...rows);
    for (const th of heads) {
      if (th.dataset.sort === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    if (field("sort").querySelector(`option[value="${key}"]`)) field("sort").value = key;
  };

  const filter = () => {
    const branch = field("branch").value;
    const state = field("state").value;
    const q = field("q").value.trim().toLowerCase();
    let n = 0;
    for (const r of rows) {
      const ok = (!branch || r.dataset.branch === branch)
        && (!state || r.dataset.state === state)
        && (!q || words.get(r).includes(q));
      r.hidden = !ok;
      if (ok) n += 1;
    }
    shown.textContent = n === rows.length
      ? `${rows.length} deadlines.`
      : `Showing ${n} of ${rows.length} deadlines.`;
  };

  for (const th of heads) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.append(...th.childNodes);
    button.addEventListener("click", () => {
      const key = th.dataset.sort;
      sort(key, current.key === key ? -current.dir : 1);
    });
    th.append(button);
  }
  form.addEventListener("input", (e) => {
    if (e.target === field("sort")) sort(field("sort").value, 1);
    else filter();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  field("clear").addEventListener("click", () => {
    field("branch").value = "";
    field("state").value = "";
    field("q").value = "";
    filter();
  });
  // print every explanation, not only the opened ones
  const opened = new Set();
  window.addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details:not([open])")) {
      opened.add(d);
      d.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const d of opened) d.open = false;
    opened.clear();
  });
  form.hidden = false;
})();
