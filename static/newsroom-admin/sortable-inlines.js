// Drag a byline or photo to reorder it: the "顺序" (position) inputs are renumbered to match.
// Without JavaScript the position inputs work as they are.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Tabular inlines: one <tr> a form; stacked: one div.inline-related a form (the tabular
  // wrapper div carries that class too, hence :not(.tabular)).
  const rowSelector =
    "tr.form-row:not(.empty-form), div.inline-related:not(.tabular):not(.empty-form)";
  for (const container of document.querySelectorAll("fieldset.sortable-inline")) {
    let dragged = null;
    const rows = () => container.querySelectorAll(rowSelector);
    const renumber = () => {
      rows().forEach((row, index) => {
        const input = row.querySelector("input[name$='-position']");
        if (input) input.value = index;
      });
    };
    const makeDraggable = () => {
      rows().forEach((row) => {
        row.draggable = true;
        row.classList.add("draggable-row");
        if (!row.querySelector(".drag-handle")) {
          const handle = document.createElement("span");
          handle.className = "drag-handle";
          handle.title = "拖动以调整顺序";
          handle.setAttribute("aria-hidden", "true");
          handle.textContent = "⠿";
          (row.querySelector("td.original, h3") || row).prepend(handle);
        }
      });
    };
    container.addEventListener("dragstart", (event) => {
      dragged = event.target.closest(rowSelector);
      if (dragged) dragged.classList.add("dragging");
    });
    container.addEventListener("dragend", () => {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
    });
    container.addEventListener("dragover", (event) => {
      const target = event.target.closest(rowSelector);
      if (!dragged || !target || target === dragged || target.parentNode !== dragged.parentNode) {
        return;
      }
      event.preventDefault();
      const box = target.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      target.parentNode.insertBefore(dragged, after ? target.nextSibling : target);
    });
    container.addEventListener("drop", (event) => {
      event.preventDefault();
      renumber();
    });
    document.addEventListener("formset:added", () => {
      makeDraggable();
      renumber();
    });
    makeDraggable();
  }
});
