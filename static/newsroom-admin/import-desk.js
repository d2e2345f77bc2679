/* The import desk's review page, progressively enhanced: "更正" on a line opens the line's
   correction form right there, without reloading (without JavaScript the link reloads the
   page with the form under that line). The form posts as it does without JavaScript. */
(function () {
  "use strict";

  function ready() {
    const form = document.getElementById("line-correction");
    if (!form) return;
    const home = document.getElementById("line-correction-home");
    const line = document.getElementById("line-correction-line");
    const number = document.getElementById("line-correction-number");
    const role = document.getElementById("line-correction-role");

    function open(item) {
      document.querySelectorAll(".source-lines li.selected").forEach((other) => {
        other.classList.remove("selected");
      });
      item.classList.add("selected");
      item.appendChild(form);
      line.value = item.dataset.line;
      number.textContent = item.dataset.line;
      if (role.querySelector(`option[value="${item.dataset.role}"]`)) {
        role.value = item.dataset.role;
      }
      role.focus();
    }

    function close(event) {
      event.preventDefault();
      const item = form.closest("li");
      if (item) {
        item.classList.remove("selected");
        const link = item.querySelector("a.line-fix");
        if (home) home.appendChild(form);
        if (link) link.focus();
      }
    }

    document.querySelectorAll(".source-lines a.line-fix").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        open(link.closest("li[data-line]"));
      });
    });
    form.querySelector(".line-correction-close").addEventListener("click", close);
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close(event);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
