/* The area editor: rectangles on a page's image, each assigned to an article.
 *
 * Mouse or pen: drag on the page to draw, drag a rectangle to move it, drag its corner to
 * resize it. Keyboard: Tab to a rectangle, arrows move it (Shift: faster), Alt+arrows
 * resize it, Delete removes it; the list beside the page has the same rectangles as form
 * controls (article, left, top, width, height in per cent of the page, 删除).
 * Positions are fractions of the page; the form sends them as JSON in "areas".
 */
"use strict";

(function () {
  const source = document.getElementById("area-editor-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const canvas = document.getElementById("area-canvas");
  const list = document.getElementById("area-list");
  const count = document.getElementById("area-count");
  const form = document.getElementById("area-form");
  const output = document.getElementById("area-json");
  const chooser = document.getElementById("area-new-article");
  const addButton = document.getElementById("area-add");
  const MIN = 0.005;
  const articles = new Map(data.articles.map((article, index) => [article.id, { ...article, index }]));
  const areas = [];
  let drag = null;

  function articleOptions(select, value) {
    select.replaceChildren();
    for (const article of data.articles) {
      if (!article.editable && article.id !== value) continue;
      const option = new Option(article.label, String(article.id), false, article.id === value);
      select.add(option);
    }
  }

  function clamp(area) {
    area.width = Math.min(Math.max(area.width, MIN), 1);
    area.height = Math.min(Math.max(area.height, MIN), 1);
    area.x = Math.min(Math.max(area.x, 0), 1 - area.width);
    area.y = Math.min(Math.max(area.y, 0), 1 - area.height);
  }

  function title(area) {
    const article = articles.get(area.article);
    return article ? article.label.replace(/^★ /, "") : "（未指定稿件）";
  }

  function percent(value) {
    return Math.round(value * 1000) / 10;
  }

  function numberInput(area, key, label) {
    const wrapper = document.createElement("label");
    wrapper.className = "area-number";
    wrapper.append(label + " ");
    const input = document.createElement("input");
    input.type = "number";
    input.min = "0";
    input.max = "100";
    input.step = "0.1";
    input.dataset.key = key;
    input.addEventListener("change", () => {
      const value = parseFloat(input.value);
      if (!Number.isNaN(value)) area[key] = value / 100;
      clamp(area);
      draw(area);
    });
    wrapper.append(input, "%");
    return wrapper;
  }

  function add(values, focus) {
    const area = { id: values.id ?? null, article: values.article, x: values.x, y: values.y,
                   width: values.width, height: values.height };
    clamp(area);
    area.box = document.createElement("div");
    area.box.className = "area-box";
    area.box.tabIndex = 0;
    area.box.setAttribute("role", "button");
    const label = document.createElement("span");
    label.className = "area-label";
    const handle = document.createElement("span");
    handle.className = "area-handle";
    handle.setAttribute("aria-hidden", "true");
    area.box.append(label, handle);
    area.box.addEventListener("keydown", (event) => keyed(event, area));
    area.box.addEventListener("focus", () => select(area));
    canvas.append(area.box);

    area.row = document.createElement("li");
    const picker = document.createElement("select");
    picker.setAttribute("aria-label", "稿件");
    articleOptions(picker, area.article);
    picker.addEventListener("change", () => {
      area.article = Number(picker.value);
      draw(area);
    });
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button area-remove";
    remove.textContent = "删除";
    remove.addEventListener("click", () => discard(area));
    const numbers = document.createElement("div");
    numbers.className = "area-numbers";
    numbers.append(
      numberInput(area, "x", "左"), numberInput(area, "y", "上"),
      numberInput(area, "width", "宽"), numberInput(area, "height", "高"),
    );
    area.row.append(picker, numbers, remove);
    area.row.addEventListener("focusin", () => select(area));
    list.append(area.row);
    areas.push(area);
    if (!area.article) area.article = Number(picker.value) || null;
    draw(area);
    if (focus) area.box.focus();
    return area;
  }

  function draw(area) {
    const style = area.box.style;
    style.left = area.x * 100 + "%";
    style.top = area.y * 100 + "%";
    style.width = area.width * 100 + "%";
    style.height = area.height * 100 + "%";
    const article = articles.get(area.article);
    area.box.dataset.colour = article ? String(article.index % 8) : "none";
    const name = title(area);
    area.box.querySelector(".area-label").textContent = name;
    const number = areas.indexOf(area) + 1;
    area.box.setAttribute("aria-label", `区域 ${number}：${name}，左 ${percent(area.x)}%，上 ${percent(area.y)}%，宽 ${percent(area.width)}%，高 ${percent(area.height)}%`);
    for (const input of area.row.querySelectorAll("input[data-key]")) {
      if (document.activeElement !== input) input.value = percent(area[input.dataset.key]);
    }
    count.textContent = String(areas.length);
  }

  function select(area) {
    for (const other of areas) {
      other.box.classList.toggle("selected", other === area);
      other.row.classList.toggle("selected", other === area);
    }
  }

  function discard(area) {
    const index = areas.indexOf(area);
    if (index < 0) return;
    areas.splice(index, 1);
    area.box.remove();
    area.row.remove();
    areas.forEach(draw);
    count.textContent = String(areas.length);
    const next = areas[Math.min(index, areas.length - 1)];
    if (next) next.box.focus();
    else canvas.focus();
  }

  function keyed(event, area) {
    const step = event.shiftKey ? 0.05 : 0.005;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key in moves) {
      const [dx, dy] = moves[event.key];
      if (event.altKey) {
        area.width += dx;
        area.height += dy;
      } else {
        area.x += dx;
        area.y += dy;
      }
      clamp(area);
      draw(area);
      event.preventDefault();
    } else if (event.key === "Delete" || event.key === "Backspace") {
      discard(area);
      event.preventDefault();
    }
  }

  function point(event) {
    const rect = canvas.getBoundingClientRect();
    return {
      x: Math.min(Math.max((event.clientX - rect.left) / rect.width, 0), 1),
      y: Math.min(Math.max((event.clientY - rect.top) / rect.height, 0), 1),
    };
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    const start = point(event);
    const box = event.target.closest(".area-box");
    const area = box && areas.find((candidate) => candidate.box === box);
    if (area) {
      const mode = event.target.classList.contains("area-handle") ? "resize" : "move";
      drag = { mode, area, start, from: { ...area } };
      area.box.focus();
    } else {
      const created = add({ article: Number(chooser.value) || null, x: start.x, y: start.y,
                            width: MIN, height: MIN }, false);
      drag = { mode: "draw", area: created, start, from: { ...created } };
    }
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  canvas.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const now = point(event);
    const { area, start, from } = drag;
    const dx = now.x - start.x;
    const dy = now.y - start.y;
    if (drag.mode === "move") {
      area.x = from.x + dx;
      area.y = from.y + dy;
    } else if (drag.mode === "resize") {
      area.width = from.width + dx;
      area.height = from.height + dy;
    } else {
      area.x = Math.min(start.x, now.x);
      area.y = Math.min(start.y, now.y);
      area.width = Math.abs(dx);
      area.height = Math.abs(dy);
    }
    clamp(area);
    draw(area);
  });

  function release() {
    if (!drag) return;
    const { area, mode } = drag;
    drag = null;
    if (mode === "draw" && (area.width < 0.01 || area.height < 0.01)) {
      discard(area);  // a click, not a rectangle
      return;
    }
    area.box.focus();
  }
  canvas.addEventListener("pointerup", release);
  canvas.addEventListener("pointercancel", release);

  addButton.addEventListener("click", () => {
    add({ article: Number(chooser.value) || null, x: 0.1, y: 0.1, width: 0.3, height: 0.2 }, true);
  });

  form.addEventListener("submit", () => {
    output.value = JSON.stringify(areas.filter((area) => area.article).map((area) => ({
      id: area.id, article: area.article, x: area.x, y: area.y, width: area.width, height: area.height,
    })));
  });

  articleOptions(chooser, null);
  canvas.tabIndex = -1;
  for (const area of data.areas) add(area, false);
  count.textContent = String(areas.length);
})();
