"use strict";
// Filtering and sorting for the table of deadlines, kept in the address so that a view can
// be shared, survives a reload and works with back and forward:
//   #branch=state&state=overdue&due=2009&q=vet&sort=-due   (sort=-KEY: descending)
// A fragment with no "=" is an ordinary anchor (#row-27, #record) and leaves the view as
// it is; "#all" shows everything. Everything is already in the HTML: without this script
// the page shows every row, sorted by due date.
(() => {
  const form = document.getElementById("controls");
  const table = document.getElementById("rows");
  const shown = document.getElementById("shown");
  if (!form || !table || !shown) return;
  const KEYS = ["branch", "state", "due", "q", "sort"];
  const field = (name) => form.elements.namedItem(name);
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const words = new Map(rows.map((r) => [
    r, Array.from(r.querySelectorAll(".s"), (e) => e.textContent).join(" ").toLowerCase(),
  ]));
  const heads = Array.from(table.tHead.rows[0].cells).filter((th) => th.dataset.sort);
  const count = rows.length.toLocaleString("en");
  let sorted = "due";
  let applied = null;

  const isView = (hash) => hash === "all" || hash.includes("=");
  // The view a fragment names; values that name nothing on this page are dropped.
  const parse = (hash) => {
    const p = new URLSearchParams(hash === "all" ? "" : hash);
    const view = {};
    for (const k of KEYS) view[k] = (p.get(k) || "").trim();
    for (const k of ["branch", "state"]) {
      if (!field(k).querySelector(`option[value="${CSS.escape(view[k])}"]`)) view[k] = "";
    }
    const key = view.sort.replace(/^-/, "");
    if (!heads.some((th) => th.dataset.sort === key)) view.sort = "";
    return view;
  };
  const format = (view) => {
    const p = new URLSearchParams();
    for (const k of KEYS) if (view[k] && !(k === "sort" && view[k] === "due")) p.set(k, view[k]);
    return p.toString();
  };
  const fromForm = () => {
    const view = {};
    for (const k of KEYS) view[k] = k === "sort" ? sorted : field(k).value.trim();
    return view;
  };

  // The orders of the columns: the rows come sorted by due date, and carry their rank by
  // id, title and phrase (data-sort-*); branches and states sort in the order their menus
  // list them, each then by id and by due date.
  const initial = new Map(rows.map((r, i) => [r, i]));
  const menu = (name) => new Map(Array.from(field(name).options, (o, i) => [o.value, i]));
  const branches = menu("branch");
  const states = menu("state");
  const rank = (r, key) => Number(r.getAttribute("data-sort-" + key));
  const keys = {
    due: (r) => [initial.get(r)],
    left: (r) => [initial.get(r)],
    id: (r) => [rank(r, "id")],
    title: (r) => [rank(r, "title")],
    written: (r) => [rank(r, "written")],
    branch: (r) => [branches.get(r.dataset.branch) ?? 1e9, rank(r, "id")],
    state: (r) => [states.get(r.dataset.state) ?? 1e9, initial.get(r)],
  };
  const sort = (spec) => {
    sorted = spec || "due";
    const key = sorted.replace(/^-/, "");
    const dir = sorted.startsWith("-") ? -1 : 1;
    const of = new Map(rows.map((r) => [r, keys[key](r)]));
    rows.sort((a, b) => {
      const x = of.get(a);
      const y = of.get(b);
      return dir * (x[0] - y[0] || (x[1] ?? 0) - (y[1] ?? 0));
    });
    body.append(...rows);
    for (const th of heads) {
      if (th.dataset.sort === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    if (field("sort").querySelector(`option[value="${key}"]`)) field("sort").value = key;
  };

  const filter = (view) => {
    const q = view.q.toLowerCase();
    let n = 0;
    for (const r of rows) {
      const due = r.dataset.due;
      const ok = (!view.branch || r.dataset.branch === view.branch)
        && (!view.state || r.dataset.state === view.state)
        && (!view.due || (view.due === "soon" ? "soon" in r.dataset : due.startsWith(view.due)))
        && (!q || words.get(r).includes(q));
      r.hidden = !ok;
      if (ok) n += 1;
    }
    shown.textContent = n === rows.length
      ? `${count} deadlines.`
      : `Showing ${n.toLocaleString("en")} of ${count} deadlines.`;
  };

  // Show a view: the form says it, the table shows it (the address is the caller's).
  const show = (view) => {
    const key = format(view);
    if (key === applied) return;
    applied = key;
    for (const k of KEYS) if (k !== "sort") field(k).value = view[k];
    if ((view.sort || "due") !== sorted) sort(view.sort);
    filter(view);
  };
  // A view chosen on the page: into the address (a new history entry, or the same one
  // while typing), then shown.
  const choose = (view, replace) => {
    const key = format(view);
    const url = key ? "#" + key : location.pathname + location.search;
    if (key !== applied) history[replace ? "replaceState" : "pushState"](null, "", url);
    show(view);
  };
  // The address changed (a link, back or forward, a reload): show what it names.
  const follow = (scroll) => {
    const raw = location.hash.slice(1);
    if (isView(raw)) {
      show(parse(raw));
      if (scroll) document.getElementById("deadlines").scrollIntoView();
      return;
    }
    let hash = raw;
    try {
      hash = decodeURIComponent(raw);
    } catch {
      // not percent-encoded text: look it up as it is
    }
    if (!hash) {
      show(parse(""));
      return;
    }
    // an anchor: a row the view hides is shown by showing everything
    const target = document.getElementById(hash);
    if (target && target.hidden && body.contains(target)) {
      show(parse(""));
      target.scrollIntoView();
    }
  };

  for (const th of heads) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.append(...th.childNodes);
    button.addEventListener("click", () => {
      const key = th.dataset.sort;
      choose({ ...fromForm(), sort: sorted === key ? "-" + key : key }, false);
    });
    th.append(button);
  }
  // typing: the first key makes a history entry, the next ones update it
  let typing = false;
  form.addEventListener("input", (e) => {
    const view = fromForm();
    if (e.target === field("sort")) view.sort = field("sort").value;
    const search = e.target.type === "search";
    choose(view, search && typing);
    typing = search;
  });
  form.addEventListener("focusout", () => { typing = false; });
  form.addEventListener("submit", (e) => e.preventDefault());
  field("clear").addEventListener("click", () => choose({ ...parse(""), sort: sorted }, false));
  // a link that names a view (the counts, the bars, the chart's columns) shows the table
  let jump = false;
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[href^='#']");
    if (a && isView(a.getAttribute("href").slice(1))) jump = true;
  });
  window.addEventListener("hashchange", () => {
    follow(jump);
    jump = false;
  });
  window.addEventListener("popstate", () => follow(false));
  form.hidden = false;
  follow(isView(location.hash.slice(1)));
})();
