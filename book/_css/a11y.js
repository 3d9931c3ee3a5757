/* Accessibility fixes for markup that the book's tools write, applied on page load.
   Each fixes a serious or critical axe-core finding; see tests/test_site.py. */
document.addEventListener("DOMContentLoaded", () => {
  /* Bibliography: docutils marks each entry of a citation list role="doc-biblioentry",
     a role deprecated in DPUB-ARIA 1.1, so the surrounding role="list" has no list
     items for screen readers (axe: aria-required-children, critical). DPUB-ARIA
     recommends role="listitem" instead. */
  document
    .querySelectorAll('.citation-list > [role="doc-biblioentry"]')
    .forEach((entry) => entry.setAttribute("role", "listitem"));

  /* Wide tables (great_tables, pandas) scroll sideways inside their box, which a
     keyboard user can only scroll if the box takes focus (WCAG 2.1.1; axe:
     scrollable-region-focusable, serious). The theme does this for code blocks; this
     does it for every other scrolling box in the page body, and names it. */
  document.querySelectorAll("main div:not([tabindex])").forEach((box) => {
    const style = getComputedStyle(box);
    const scrolls =
      (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth) ||
      (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight);
    if (!scrolls) return;
    box.tabIndex = 0;
    if (!box.hasAttribute("role")) {
      const title = box.querySelector("caption, .gt_title");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", title ? title.textContent.trim() : "Scrollable table");
    }
  });
});
