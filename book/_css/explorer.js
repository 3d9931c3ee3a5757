/* The evidence explorer's filters (book/explorer.md; the table comes from
   crimepolicy/explorer.py). Loaded on that page only. Without this script the page shows
   every row and no controls.

   A filter compares its value with a cell's own lines of text (the text nodes the cell
   holds directly, separated by <br>); the word search looks for every typed word, in any
   order, in the quote. The filters' state is kept in the address (?theme=...&q=...), so
   that a filtered view can be linked to. */
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".cp-explorer-filters");
  const table = document.getElementById("cp-explorer-table");
  const count = document.getElementById("cp-explorer-count");
  if (!form || !table || !count) return;

  /* Case, curly quotes and apostrophes do not matter to the search. */
  const fold = (text) =>
    text.toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
  const lines = (cell) =>
    Array.from(cell.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent.trim())
      .filter(Boolean);

  const search = form.elements.q;
  const quoteColumn = Number(search.dataset.column);
  const selects = Array.from(form.querySelectorAll("select[data-column]"));
  const rows = Array.from(table.tBodies[0].rows, (row) => ({
    row,
    lines: Array.from(row.cells, lines),
    quote: fold(row.cells[quoteColumn].textContent),
  }));

  function apply() {
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    const chosen = selects
      .filter((select) => select.value)
      .map((select) => [Number(select.dataset.column), select.value]);
    let shown = 0;
    for (const entry of rows) {
      const keep =
        words.every((word) => entry.quote.includes(word)) &&
        chosen.every(([column, value]) => entry.lines[column].includes(value));
      entry.row.hidden = !keep;
      if (keep) shown += 1;
    }
    count.textContent =
      shown === rows.length
        ? `All ${rows.length} rows shown.`
        : `${shown} of ${rows.length} rows shown.`;
    const params = new URLSearchParams();
    for (const control of [search, ...selects]) {
      if (control.value) params.set(control.name, control.value);
    }
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}${location.hash}` : location.pathname + location.hash);
  }

  const params = new URLSearchParams(location.search);
  for (const control of [search, ...selects]) {
    if (params.has(control.name)) control.value = params.get(control.name);
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  /* The form's reset restores the controls after this event: filter once it has. */
  form.addEventListener("reset", () => setTimeout(apply));
  form.hidden = false;
  apply();
});
