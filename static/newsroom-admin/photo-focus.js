/* The crop and focal point of a photo, set on its original.
 *
 * Drag on the photo to draw the crop; click to set the focal point (kept inside the crop);
 * with the photo focused, arrow keys move the focal point (Shift: faster). "不裁切"
 * resets the crop to the whole photo. The editor writes the form's number fields
 * (crop_left … focus_y, fractions of the photo), which the server checks again; typing in
 * them moves the marks.
 */
"use strict";

function photoFocus() {
  const editor = document.getElementById("focus-editor");
  if (!editor) return;
  const names = ["crop_left", "crop_top", "crop_right", "crop_bottom", "focus_x", "focus_y"];
  const inputs = Object.fromEntries(names.map((name) => [name, document.getElementById("id_" + name)]));
  if (names.some((name) => !inputs[name])) return; // read only: nothing to edit
  const cropBox = editor.querySelector(".focus-crop");
  const point = editor.querySelector(".focus-point");
  const MIN = 0.05;
  let drag = null;

  const clamp = (value, low, high) => Math.min(Math.max(value, low), high);
  const round = (value) => String(Math.round(value * 10000) / 10000);

  function read() {
    const value = {};
    for (const name of names) {
      const number = parseFloat(inputs[name].value);
      value[name] = Number.isFinite(number) ? number : name.startsWith("focus") ? 0.5 : name.endsWith("left") || name.endsWith("top") ? 0 : 1;
    }
    return value;
  }

  function write(value) {
    for (const name of names) inputs[name].value = round(value[name]);
    draw();
  }

  function draw() {
    const v = read();
    cropBox.hidden = false;
    point.hidden = false;
    cropBox.style.left = v.crop_left * 100 + "%";
    cropBox.style.top = v.crop_top * 100 + "%";
    cropBox.style.width = (v.crop_right - v.crop_left) * 100 + "%";
    cropBox.style.height = (v.crop_bottom - v.crop_top) * 100 + "%";
    point.style.left = v.focus_x * 100 + "%";
    point.style.top = v.focus_y * 100 + "%";
  }

  function position(event) {
    const rect = editor.getBoundingClientRect();
    return {
      x: clamp((event.clientX - rect.left) / rect.width, 0, 1),
      y: clamp((event.clientY - rect.top) / rect.height, 0, 1),
    };
  }

  function setFocus(v, x, y) {
    v.focus_x = clamp(x, v.crop_left, v.crop_right);
    v.focus_y = clamp(y, v.crop_top, v.crop_bottom);
  }

  editor.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    editor.setPointerCapture(event.pointerId);
    drag = { start: position(event), moved: false };
    event.preventDefault();
  });

  editor.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const here = position(event);
    const v = read();
    if (Math.abs(here.x - drag.start.x) < MIN && Math.abs(here.y - drag.start.y) < MIN && !drag.moved) return;
    drag.moved = true;
    v.crop_left = Math.min(drag.start.x, here.x);
    v.crop_right = Math.max(drag.start.x, here.x);
    v.crop_top = Math.min(drag.start.y, here.y);
    v.crop_bottom = Math.max(drag.start.y, here.y);
    if (v.crop_right - v.crop_left < MIN) v.crop_right = Math.min(1, v.crop_left + MIN);
    if (v.crop_bottom - v.crop_top < MIN) v.crop_bottom = Math.min(1, v.crop_top + MIN);
    setFocus(v, v.focus_x, v.focus_y);
    write(v);
  });

  editor.addEventListener("pointerup", (event) => {
    if (!drag) return;
    if (!drag.moved) {
      const v = read();
      const here = position(event);
      setFocus(v, here.x, here.y);
      write(v);
    }
    drag = null;
  });

  editor.addEventListener("keydown", (event) => {
    const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    const size = event.shiftKey ? 0.05 : 0.01;
    const v = read();
    setFocus(v, v.focus_x + step[0] * size, v.focus_y + step[1] * size);
    write(v);
  });

  const reset = document.getElementById("focus-reset");
  if (reset) {
    reset.addEventListener("click", () => {
      const v = read();
      Object.assign(v, { crop_left: 0, crop_top: 0, crop_right: 1, crop_bottom: 1 });
      write(v);
    });
  }

  for (const name of names) inputs[name].addEventListener("input", draw);
  draw();
}

// The admin loads its media in <head>: wait for the page.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", photoFocus);
} else {
  photoFocus();
}
