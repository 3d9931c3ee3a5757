/* Sortable tables: a table made with `crimepolicy.tables.table(..., sortable=True)` carries
   the class cp-sortable. Each column head becomes a button; pressing it sorts the rows by
   that column, ascending, then descending; aria-sort tells screen readers the order.
   Numbers sort as numbers, other cells as text in the reader's locale; rows with the same
   value keep their written order. Without this script the table reads as it was written. */
document.addEventListener("DOMContentLoaded", () => {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  document.querySelectorAll("table.cp-sortable").forEach((table) => {
    const body = table.tBodies[0];
    const heads = Array.from(table.querySelectorAll("thead tr:last-child th"));
    if (!body || !heads.length) return;
    const written = Array.from(body.rows);
    heads.forEach((head, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "cp-sort";
      button.append(...head.childNodes);
      head.append(button);
      head.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => {
        const ascending = head.getAttribute("aria-sort") !== "ascending";
        heads.forEach((other) => other.setAttribute("aria-sort", "none"));
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const key = (row) => (row.cells[column] ? row.cells[column].textContent.trim() : "");
        const rows = written.slice().sort((a, b) => {
          const order = collator.compare(key(a), key(b));
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  });
});
