// The autosave of the article's change form, for the body editor (body-editor.js): what is
// typed in the form's text fields is POSTed to the desk's draft view a few seconds after
// the last change, and when the page is left unsaved; the server keeps one draft per user
// and article (BodyDraft), never the article itself. On opening the form, a draft kept
// from before is offered (the notice #body-draft): 恢复草稿 puts it into the form,
// 丢弃草稿 throws it away. Loaded before body-editor.js.
"use strict";
window.newsroomDrafts = (() => {
  const AUTOSAVE_DELAY = 2000;

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // form: the article's form; box: the body's text box; urls.draft: where to autosave;
  // fields: the names of the fields a draft keeps; say(message): tell the user;
  // restore(fields): the editor takes a restored draft (the body's text among them).
  // Returns {changed}: the editor calls it after every change it makes.
  return ({ form, box, urls, fields, say, restore }) => {
    let submitting = false;
    let dirty = false;
    let timer = null;

    function changed() {
      if (submitting || !urls.draft) return;
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(autosave, AUTOSAVE_DELAY);
    }

    function draftData() {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken(form));
      data.append("version", form.elements.version ? form.elements.version.value : "");
      for (const name of fields) {
        const field = form.elements[name];
        if (field && typeof field.value === "string") data.append(name, field.value);
      }
      return data;
    }

    function autosave() {
      clearTimeout(timer);
      if (submitting || !dirty) return;
      dirty = false;
      fetch(urls.draft, {
        method: "POST",
        body: draftData(),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((response) => response.json().then((answer) => [response.ok, answer]))
        .then(([ok, answer]) => {
          say(
            ok
              ? `已自动保存草稿（${answer.saved}），保存稿件后才生效`
              : answer.error || "自动保存失败",
          );
        })
        .catch(() => {
          dirty = true;
          say("自动保存失败：网络中断，稍后重试。");
        });
    }

    for (const name of fields) {
      const field = form.elements[name];
      if (field && field !== box && field.addEventListener) {
        field.addEventListener("input", changed);
      }
    }
    form.addEventListener("submit", () => {
      submitting = true; // the save clears the draft: nothing more to keep
      clearTimeout(timer);
    });
    window.addEventListener("pagehide", () => {
      if (dirty && !submitting && urls.draft && navigator.sendBeacon) {
        navigator.sendBeacon(urls.draft, draftData());
      }
    });

    // The offer of a draft kept from before.
    const offer = document.getElementById("body-draft");
    const offered = document.getElementById("body-draft-data");
    if (offer && offered) {
      const draft = JSON.parse(offered.textContent);
      const restoreButton = offer.querySelector(".body-draft-restore");
      const discard = offer.querySelector(".body-draft-discard");
      restoreButton.hidden = false;
      restoreButton.addEventListener("click", () => {
        for (const [name, value] of Object.entries(draft.fields)) {
          if (name !== "body" && form.elements[name]) form.elements[name].value = value;
        }
        offer.hidden = true;
        restore(draft.fields);
        say(
          draft.stale
            ? "已恢复草稿：稿件在此期间被修改过，请核对后再保存。"
            : "已恢复草稿，保存稿件后生效。",
        );
      });
      discard.form.addEventListener("submit", (event) => {
        event.preventDefault();
        fetch(discard.form.action, {
          method: "POST",
          body: new FormData(discard.form),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        }).then(() => {
          offer.hidden = true;
          say("已丢弃草稿。");
        });
      });
    }

    return { changed };
  };
})();
