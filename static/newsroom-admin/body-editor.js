// The body editor of the article's change form (articles/desk/body_editor.py).
//
// The body field is a text box in the body's text form: one block a line, "## " opens a
// subhead, "[图 12]" places photo 12. This script hides the box and shows the blocks:
// paragraphs and subheads to type in, photos with their captions, reordered by dragging
// the handle or with Alt+↑/↓ (or ↑/↓ on the handle); the box is rewritten after every
// change, so the form sends the same thing with or without the script. Beside it: the
// live count and length in print (body-text.js), a preview tab (the form POSTed to the
// desk's preview, nothing saved) and the autosave of what is typed (body-drafts.js).
"use strict";
(() => {
  const { parse, serialise, measure } = window.newsroomBodyText;
  const KIND_LABELS = { paragraph: "段落", subhead: "小标题", photo: "图片" };
  const PREVIEW_DELAY = 800;

  const element = (tag, attributes = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  };

  const clock = () => new Date().toTimeString().slice(0, 8);

  function start(root) {
    const box = root.querySelector("textarea");
    const form = box.form;
    const config = JSON.parse(document.getElementById("body-editor-config").textContent);
    const photos = new Map(config.photos.map((photo) => [photo.id, photo]));
    const urls = config.urls || {};
    let blocks = parse(box.value);
    let previewTimer = null;

    // The editor's parts ---------------------------------------------------------------
    const label = document.querySelector(`label[for="${box.id}"]`);
    const labelId = `${box.id}_blocks_label`;
    if (label && !label.id) label.id = labelId;
    box.hidden = true;
    for (const part of root.querySelectorAll(".body-photos, .body-preview-actions")) {
      part.hidden = true;
    }

    const tabs = element("div", { class: "body-tabs", role: "tablist", "aria-label": "正文" });
    const editTab = element(
      "button",
      { type: "button", role: "tab", id: `${box.id}_tab_edit`, "aria-selected": "true" },
      "编辑正文",
    );
    const previewTab = element(
      "button",
      { type: "button", role: "tab", id: `${box.id}_tab_preview`, "aria-selected": "false" },
      "预览（不保存）",
    );
    tabs.append(editTab);
    if (urls.preview) tabs.append(previewTab);

    const editPanel = element("div", {
      class: "body-edit-panel",
      role: "tabpanel",
      "aria-labelledby": editTab.id,
    });
    const toolbar = element("div", { class: "body-toolbar" });
    const addParagraph = element("button", { type: "button", class: "button" }, "添加段落");
    const addSubhead = element("button", { type: "button", class: "button" }, "添加小标题");
    toolbar.append(addParagraph, addSubhead);
    let photoPicker = null;
    if (photos.size) {
      photoPicker = element("select", { "aria-label": "插入图片", class: "body-photo-picker" });
      photoPicker.append(element("option", { value: "" }, "插入图片…"));
      for (const photo of photos.values()) {
        photoPicker.append(element("option", { value: String(photo.id) }, photo.caption));
      }
      toolbar.append(photoPicker);
    } else {
      toolbar.append(
        element("span", { class: "help" }, "保存稿件并在下方“图片”中上传后，可把图片插入正文。"),
      );
    }
    const status = element("span", { class: "body-status", role: "status" });
    toolbar.append(status);
    const hint = element(
      "p",
      { class: "body-hint" },
      "拖动块左侧的手柄，或按 Alt+↑ / Alt+↓（焦点在手柄上时直接按 ↑ / ↓）调整顺序；" +
        "在段落中按回车分段，在段首按退格与上一段合并。",
    );
    const list = element("ol", {
      class: "body-blocks",
      "aria-labelledby": label ? label.id : labelId,
    });
    editPanel.append(toolbar, hint, list);

    const previewPanel = element("div", {
      class: "body-preview-panel",
      role: "tabpanel",
      "aria-labelledby": previewTab.id,
      hidden: "",
    });
    const previewBar = element("div", { class: "body-toolbar" });
    const refresh = element("button", { type: "button", class: "button" }, "刷新预览");
    const previewStatus = element("span", { class: "body-status", role: "status" });
    previewBar.append(refresh, previewStatus);
    const frame = element("iframe", {
      class: "body-preview-frame",
      title: "稿件预览（读者页面，未保存）",
      sandbox: "allow-same-origin",
    });
    previewPanel.append(previewBar, frame);
    box.after(tabs, editPanel, previewPanel);

    const measured = root.querySelector(".body-measure");
    tabs.after(measured); // in sight while typing, above the blocks

    // Rendering ------------------------------------------------------------------------
    function describe(index) {
      return `第 ${index + 1} 块（${KIND_LABELS[blocks[index].type]}）`;
    }

    function blockItem(block, index) {
      const item = element("li", {
        class: `body-block body-block-${block.type}`,
        "data-index": String(index),
      });
      const handle = element(
        "button",
        {
          type: "button",
          class: "body-block-handle",
          "aria-label": `移动${describe(index)}：↑ ↓ 键上下移动`,
          title: "拖动或按 ↑ ↓ 调整顺序",
        },
        "⠿",
      );
      item.append(handle);
      if (block.type === "photo") {
        const photo = photos.get(block.image);
        const figure = element("figure", { class: "body-block-figure" });
        if (photo && photo.src) {
          figure.append(element("img", { src: photo.src, alt: "" }));
        }
        figure.append(
          element(
            "figcaption",
            {},
            photo ? `${photo.caption}（[图 ${block.image}]）` : `[图 ${block.image}]：不是本稿件的图片`,
          ),
        );
        item.append(figure);
      } else {
        const kind = element("select", {
          class: "body-block-kind",
          "aria-label": `${describe(index)}的类型`,
        });
        for (const type of ["paragraph", "subhead"]) {
          const option = element("option", { value: type }, KIND_LABELS[type]);
          option.selected = block.type === type;
          kind.append(option);
        }
        const text = element("textarea", {
          class: "body-block-text",
          rows: "1",
          "aria-label": describe(index),
        });
        text.value = block.text;
        item.append(kind, text);
      }
      const actions = element("span", { class: "body-block-actions" });
      actions.append(
        element("button", { type: "button", "data-act": "up", "aria-label": `上移${describe(index)}` }, "↑"),
        element(
          "button",
          { type: "button", "data-act": "down", "aria-label": `下移${describe(index)}` },
          "↓",
        ),
        element(
          "button",
          { type: "button", "data-act": "remove", "aria-label": `删除${describe(index)}` },
          "删除",
        ),
      );
      item.append(actions);
      return item;
    }

    function fit(textarea) {
      textarea.style.height = "auto";
      textarea.style.height = `${textarea.scrollHeight + 2}px`;
    }

    // Focus after a re-render: {index, part: "text"|"handle"|selector, caret}.
    function render(focus) {
      list.replaceChildren(...blocks.map(blockItem));
      for (const textarea of list.querySelectorAll("textarea")) fit(textarea);
      if (focus && list.children[focus.index]) {
        const item = list.children[focus.index];
        const handle = item.querySelector(".body-block-handle");
        let target = handle;
        if (focus.part === "text") target = item.querySelector("textarea") || handle;
        else if (focus.part !== "handle") target = item.querySelector(focus.part);
        if (target) {
          target.focus();
          if (focus.caret !== undefined && target.setSelectionRange) {
            target.setSelectionRange(focus.caret, focus.caret);
          }
        }
      }
    }

    function update() {
      box.value = serialise(blocks);
      const counted = measure(blocks, config.layout);
      for (const [key, value] of Object.entries(counted)) {
        const slot = measured.querySelector(`.measure-${key}`);
        if (slot) slot.textContent = String(value);
      }
      changed();
    }

    // Changes --------------------------------------------------------------------------
    function move(from, to, part) {
      if (to < 0 || to >= blocks.length || from === to) return;
      const [block] = blocks.splice(from, 1);
      blocks.splice(to, 0, block);
      render({ index: to, part });
      update();
      status.textContent = `已将${KIND_LABELS[block.type]}移到第 ${to + 1} 块`;
    }

    function insert(block, after) {
      const at = after === null ? blocks.length : after + 1;
      blocks.splice(at, 0, block);
      render({ index: at, part: "text", caret: 0 });
      update();
    }

    const focusedIndex = () => {
      const item = document.activeElement && document.activeElement.closest(".body-block");
      return item && list.contains(item) ? Number(item.dataset.index) : null;
    };
    let lastFocused = null;
    list.addEventListener("focusin", () => {
      lastFocused = focusedIndex();
    });

    addParagraph.addEventListener("click", () =>
      insert({ type: "paragraph", text: "" }, lastFocused),
    );
    addSubhead.addEventListener("click", () => insert({ type: "subhead", text: "" }, lastFocused));
    if (photoPicker) {
      photoPicker.addEventListener("change", () => {
        if (!photoPicker.value) return;
        insert({ type: "photo", image: Number(photoPicker.value) }, lastFocused);
        photoPicker.value = "";
      });
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-act]");
      if (!button) return;
      const index = Number(button.closest(".body-block").dataset.index);
      const act = button.dataset.act;
      if (act === "up") move(index, index - 1, `[data-act="up"]`);
      if (act === "down") move(index, index + 1, `[data-act="down"]`);
      if (act === "remove") {
        blocks.splice(index, 1);
        render({ index: Math.min(index, blocks.length - 1), part: "handle" });
        update();
        status.textContent = "已删除一块";
      }
    });

    list.addEventListener("change", (event) => {
      if (!event.target.matches(".body-block-kind")) return;
      const index = Number(event.target.closest(".body-block").dataset.index);
      blocks[index].type = event.target.value;
      render({ index, part: ".body-block-kind" });
      update();
    });

    list.addEventListener("input", (event) => {
      const textarea = event.target;
      if (!textarea.matches(".body-block-text")) return;
      const index = Number(textarea.closest(".body-block").dataset.index);
      const pieces = textarea.value.split(/\r\n|\r|\n/);
      if (pieces.length > 1) {
        // Pasted lines: one paragraph each, after this block.
        blocks[index].text = pieces[0];
        const rest = pieces.slice(1).map((text) => ({ type: "paragraph", text }));
        blocks.splice(index + 1, 0, ...rest);
        render({ index: index + rest.length, part: "text" });
      } else {
        blocks[index].text = textarea.value;
        fit(textarea);
      }
      update();
    });

    list.addEventListener("keydown", (event) => {
      const item = event.target.closest(".body-block");
      if (!item) return;
      const index = Number(item.dataset.index);
      const onHandle = event.target.matches(".body-block-handle");
      const vertical = event.key === "ArrowUp" || event.key === "ArrowDown";
      if (vertical && (event.altKey || onHandle)) {
        event.preventDefault();
        const part = onHandle ? "handle" : "text";
        move(index, index + (event.key === "ArrowUp" ? -1 : 1), part);
        return;
      }
      const textarea = event.target.matches(".body-block-text") ? event.target : null;
      if (!textarea || event.isComposing || event.keyCode === 229) return; // IME at work
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        const at = textarea.selectionStart;
        blocks[index].text = textarea.value.slice(0, at);
        blocks.splice(index + 1, 0, {
          type: "paragraph",
          text: textarea.value.slice(textarea.selectionEnd),
        });
        render({ index: index + 1, part: "text", caret: 0 });
        update();
      } else if (
        event.key === "Backspace" &&
        textarea.selectionStart === 0 &&
        textarea.selectionEnd === 0 &&
        index > 0 &&
        blocks[index - 1].type !== "photo"
      ) {
        event.preventDefault();
        const previous = blocks[index - 1];
        const caret = previous.text.length;
        previous.text += textarea.value;
        blocks.splice(index, 1);
        render({ index: index - 1, part: "text", caret });
        update();
      }
    });

    // Dragging by the handle.
    let dragged = null;
    list.addEventListener("pointerdown", (event) => {
      const handle = event.target.closest(".body-block-handle");
      if (handle) handle.closest(".body-block").draggable = true;
    });
    list.addEventListener("dragstart", (event) => {
      dragged = event.target.closest(".body-block");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.index);
    });
    list.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      for (const item of list.querySelectorAll(".drop-before, .drop-after")) {
        item.classList.remove("drop-before", "drop-after");
      }
      const over = event.target.closest(".body-block");
      if (over && over !== dragged) {
        const box = over.getBoundingClientRect();
        over.classList.add(event.clientY < box.top + box.height / 2 ? "drop-before" : "drop-after");
      }
    });
    list.addEventListener("drop", (event) => {
      if (!dragged) return;
      event.preventDefault();
      const over = event.target.closest(".body-block");
      const from = Number(dragged.dataset.index);
      if (over && over !== dragged) {
        let to = Number(over.dataset.index);
        if (over.classList.contains("drop-after")) to += 1;
        if (to > from) to -= 1;
        move(from, to, "handle");
      }
    });
    list.addEventListener("dragend", () => {
      if (dragged) {
        dragged.classList.remove("dragging");
        dragged.draggable = false;
      }
      for (const item of list.querySelectorAll(".drop-before, .drop-after")) {
        item.classList.remove("drop-before", "drop-after");
      }
      dragged = null;
    });

    // Tabs and the preview -------------------------------------------------------------
    function showTab(preview) {
      editTab.setAttribute("aria-selected", String(!preview));
      previewTab.setAttribute("aria-selected", String(preview));
      editPanel.hidden = preview;
      previewPanel.hidden = !preview;
      if (preview) refreshPreview();
    }
    editTab.addEventListener("click", () => showTab(false));
    previewTab.addEventListener("click", () => showTab(true));
    tabs.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const next = event.target === editTab && urls.preview ? previewTab : editTab;
      next.focus();
      showTab(next === previewTab);
    });
    refresh.addEventListener("click", () => refreshPreview());

    function refreshPreview() {
      if (!urls.preview) return;
      clearTimeout(previewTimer);
      const data = new FormData(form);
      for (const [name, value] of Array.from(data.entries())) {
        if (value instanceof File) data.delete(name);
      }
      previewStatus.textContent = "正在生成预览…";
      fetch(urls.preview, { method: "POST", body: data, credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then((html) => {
          frame.srcdoc = html;
          previewStatus.textContent = `预览已更新（${clock()}，未保存）`;
        })
        .catch(() => {
          previewStatus.textContent = "预览失败，请稍后再试。";
        });
    }

    // Autosave and the offer of a draft kept from before (body-drafts.js).
    const drafts = window.newsroomDrafts({
      form,
      box,
      urls,
      fields: config.draftFields,
      say: (message) => {
        status.textContent = message;
      },
      restore: (fields) => {
        if ("body" in fields) blocks = parse(fields.body);
        render();
        update();
        const first = list.querySelector("textarea") || list.querySelector(".body-block-handle");
        if (first) first.focus();
      },
    });

    function changed() {
      drafts.changed();
      if (!previewPanel.hidden) {
        clearTimeout(previewTimer);
        previewTimer = setTimeout(refreshPreview, PREVIEW_DELAY);
      }
    }

    if (!blocks.length) blocks.push({ type: "paragraph", text: "" }); // somewhere to type
    render();
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const root of document.querySelectorAll(".body-editor")) start(root);
  });
})();
