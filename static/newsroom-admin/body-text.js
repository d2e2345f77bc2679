// The body's text form (models/body.py), for the body editor: one block a line, "## "
// opens a subhead, "[图 12]" places photo 12; and the count and length in print, counted
// as the server counts them (body.measure). Loaded before body-editor.js.
"use strict";
window.newsroomBodyText = (() => {
  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
  const PHOTO_LINE = /^\[图\s*#?\s*([0-9]{1,19})\s*\]$/;

  // The text form <-> blocks, as models/body.py reads and writes it.
  const fold = (text) =>
    text
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .join(" ")
      .trim();

  function parse(text) {
    const blocks = [];
    for (const raw of (text || "").split(/\r\n|\r|\n/)) {
      const line = raw.trim();
      const photo = PHOTO_LINE.exec(line);
      if (photo) {
        blocks.push({ type: "photo", image: Number(photo[1]) });
      } else if (line.startsWith("##") && (line[2] === " " || line[2] === "\u3000")) {
        const subhead = line.slice(3).trim();
        if (subhead) blocks.push({ type: "subhead", text: subhead });
      } else if (line) {
        blocks.push({ type: "paragraph", text: line });
      }
    }
    return blocks;
  }

  function serialise(blocks) {
    const lines = [];
    for (const block of blocks) {
      if (block.type === "photo") {
        lines.push(`[图 ${block.image}]`);
        continue;
      }
      const text = fold(block.text);
      if (text) lines.push((block.type === "subhead" ? "## " : "") + text);
    }
    return lines.join("\n\n");
  }

  function measure(blocks, layout) {
    let han = 0;
    let chars = 0;
    let lines = 0;
    for (const block of blocks) {
      if (block.type === "photo") continue;
      const text = fold(block.text).replace(/\s+/g, "");
      if (!text) continue;
      const length = Array.from(text).length;
      han += (text.match(HAN) || []).length;
      chars += length;
      lines +=
        block.type === "subhead"
          ? layout.subheadLines
          : Math.ceil((length + 2) / layout.lineChars);
    }
    const columns = Math.floor((lines * 10) / layout.columnLines + 0.5) / 10;
    return { han, chars, lines, columns };
  }

  return { fold, parse, serialise, measure };
})();
