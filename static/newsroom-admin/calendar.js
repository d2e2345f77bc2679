// The publication calendar: reschedule a scheduled article by dragging it to another day
// (or, in the day view, another hour), or with the keyboard: Enter on its "改期" button,
// ← → a day, ↑ ↓ an hour, Enter to save, Esc to cancel. Each save is one POST to the
// article's reschedule address with the version the calendar showed; the server checks
// who may reschedule and refuses a stale version. Without JavaScript each article links
// to its page, where the publish time can be changed.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const configElement = document.getElementById("calendar-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  if (!config.mayMove) return;
  const status = document.getElementById("cal-status");
  const token = document.querySelector("#calendar-csrf input[name=csrfmiddlewaretoken]").value;

  // Times are the paper's wall-clock time as the server wrote them ("2024-06-11T08:30"),
  // computed as UTC so that the browser's own time zone never shifts them.
  const parse = (text) => {
    const [date, time] = text.split("T");
    const [y, m, d] = date.split("-").map(Number);
    const [hh, mm] = time.split(":").map(Number);
    return new Date(Date.UTC(y, m - 1, d, hh, mm));
  };
  const pad = (n) => String(n).padStart(2, "0");
  const format = (moment) =>
    `${moment.getUTCFullYear()}-${pad(moment.getUTCMonth() + 1)}-${pad(moment.getUTCDate())}` +
    `T${pad(moment.getUTCHours())}:${pad(moment.getUTCMinutes())}`;
  const human = (text) => {
    const moment = parse(text);
    return `${moment.getUTCMonth() + 1}月${moment.getUTCDate()}日 ${text.slice(11)}`;
  };
  const shift = (text, hours) => format(new Date(parse(text).getTime() + hours * 3600 * 1000));

  const say = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle("cal-error", isError);
  };

  // The slot that shows a time, if the page shows it.
  const slotFor = (text) => {
    const date = text.slice(0, 10);
    if (config.view === "day") {
      return document.querySelector(
        `.cal-slot[data-date="${date}"][data-hour="${Number(text.slice(11, 13))}"]`,
      );
    }
    return document.querySelector(`.cal-slot[data-date="${date}"]`);
  };

  // Put an item where its time belongs, in time order; off the page if the page does not
  // show that time.
  const place = (item, text) => {
    const slot = slotFor(text);
    if (!slot) {
      item.hidden = true;
      return;
    }
    item.hidden = false;
    const later = [...slot.querySelectorAll(".cal-item")].find(
      (other) => other !== item && other.dataset.at > text,
    );
    slot.insertBefore(item, later || null);
  };

  const save = async (item, text) => {
    const body = new FormData();
    body.append("publish_at", text);
    body.append("version", item.dataset.version);
    say(`正在改期：${human(text)}……`);
    let answer;
    try {
      const response = await fetch(item.dataset.url, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
      });
      answer = await response.json();
      if (!response.ok) throw new Error(answer.error || "改期没有成功。");
    } catch (error) {
      place(item, item.dataset.at);
      say(error.message || "改期没有成功。", true);
      return false;
    }
    item.dataset.at = answer.publish_at;
    item.dataset.version = answer.version;
    item.querySelector(".cal-time").textContent = answer.time;
    place(item, answer.publish_at);
    say(answer.message);
    return true;
  };

  // Dragging ------------------------------------------------------------------------
  let dragged = null;
  const target = (slot, item) => {
    const at = item.dataset.at;
    if (config.view === "day") return `${slot.dataset.date}T${pad(slot.dataset.hour)}${at.slice(13)}`;
    return `${slot.dataset.date}${at.slice(10)}`;
  };
  document.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".cal-item[draggable=true]");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    dragged.classList.add("cal-dragging");
  });
  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("cal-dragging");
    document.querySelectorAll(".cal-drop").forEach((slot) => slot.classList.remove("cal-drop"));
    dragged = null;
  });
  document.addEventListener("dragover", (event) => {
    const slot = event.target.closest(".cal-slot");
    if (!dragged || !slot) return;
    event.preventDefault();
    slot.classList.add("cal-drop");
  });
  document.addEventListener("dragleave", (event) => {
    const slot = event.target.closest(".cal-slot");
    if (slot && !slot.contains(event.relatedTarget)) slot.classList.remove("cal-drop");
  });
  document.addEventListener("drop", (event) => {
    const slot = event.target.closest(".cal-slot");
    if (!dragged || !slot) return;
    event.preventDefault();
    slot.classList.remove("cal-drop");
    const item = dragged;
    const text = target(slot, item);
    if (text !== item.dataset.at) {
      place(item, text);
      save(item, text);
    }
  });

  // The keyboard --------------------------------------------------------------------
  const moving = new Map(); // item -> proposed time
  const propose = (item, button, text) => {
    moving.set(item, text);
    item.querySelector(".cal-proposal").textContent = `→ ${human(text)}`;
    place(item, text);
    item.hidden = false; // a time off the page stays visible while it is chosen
    button.focus();
    say(`改到 ${human(text)}。回车确定，Esc 取消。`);
  };
  const stop = (item, button) => {
    moving.delete(item);
    item.classList.remove("cal-moving");
    button.setAttribute("aria-pressed", "false");
    item.querySelector(".cal-proposal").textContent = "";
  };
  const start = (item, button) => {
    item.classList.add("cal-moving");
    button.setAttribute("aria-pressed", "true");
    propose(item, button, item.dataset.at);
  };
  const finish = async (item, button) => {
    const text = moving.get(item);
    stop(item, button);
    if (text === item.dataset.at) {
      say("时间没有改变。");
      return;
    }
    await save(item, text);
    if (!item.hidden) button.focus();
  };
  const cancel = (item, button) => {
    stop(item, button);
    place(item, item.dataset.at);
    button.focus();
    say("已取消改期。");
  };
  const steps = { ArrowLeft: -24, ArrowRight: 24, ArrowUp: -1, ArrowDown: 1 };
  document.addEventListener("keydown", (event) => {
    const button = event.target.closest(".cal-move");
    if (!button) return;
    const item = button.closest(".cal-item");
    if (!moving.has(item)) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        start(item, button);
      }
      return;
    }
    if (event.key in steps) {
      event.preventDefault();
      propose(item, button, shift(moving.get(item), steps[event.key]));
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      finish(item, button);
    } else if (event.key === "Escape") {
      event.preventDefault();
      cancel(item, button);
    }
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".cal-move");
    if (!button || event.detail === 0) return; // a keyboard "click" is handled above
    const item = button.closest(".cal-item");
    if (moving.has(item)) finish(item, button);
    else start(item, button);
  });
});
