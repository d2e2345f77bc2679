// Drag a byline or photo to reorder it: the "顺序" (position) inputs are renumbered to match.
// Without JavaScript the position inputs work as they are.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const rowSelector = "tr.form-row:not(.empty-form), div.inline-related:not(.empty-form)";
  for (const group of document.querySelectorAll(".inline-group.sortable-inline, .sortable-inline .inline-group, fieldset.sortable-inline")) {
    const container = group.closest(".inline-group") || group;
    let dragged = null;
    const renumber = () => {
      container.querySelectorAll(rowSelector).forEach((row, index) => {
        const input = row.querySelector("input[name$='-position']");
        if (input) input.value = index;
      });
    };
    const makeDraggable = () => {
      container.querySelectorAll(rowSelector).forEach((row) => {
        if (row.draggable) return;
        row.draggable = true;
        row.classList.add("draggable-row");
        row.title = "拖动以调整顺序";
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
      if (!dragged || !target || target === dragged || target.parentNode !== dragged.parentNode) return;
      event.preventDefault();
      const box = target.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      target.parentNode.insertBefore(dragged, after ? target.nextSibling : target);
    });
    container.addEventListener("drop", (event) => {
      event.preventDefault();
      renumber();
    });
    document.addEventListener("formset:added", makeDraggable);
    makeDraggable();
  }
});
