// mlew: the participant page (issue #20). Plain JS, no framework, no build step.
// The contract it follows is docs/JOIN_API.md. User text is only ever shown with
// textContent or value; the server's CSP (default-src 'self') allows nothing else.
"use strict";

(function () {
  // The deck's case fields (the contract's add_case).
  var CASE_FIELDS = ["name", "company", "valued_for", "solves", "reinforces", "result", "data_loop", "source"];

  // -- storage -----------------------------------------------------------
  var KEY = {device: "mlew.join.device", person: "mlew.join.person", outbox: "mlew.join.outbox", drafts: "mlew.join.drafts", strings: "mlew.join.strings", picking: "mlew.join.picking"};

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }

  function store(key, value) {
    try {
      if (value === null || value === undefined) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // storage full or disabled: the page still works for this visit
    }
  }

  function randomId(bytes) {
    var buf = new Uint8Array(bytes);
    window.crypto.getRandomValues(buf);
    var bin = "";
    for (var i = 0; i < buf.length; i++) bin += String.fromCharCode(buf[i]);
    return window.btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  var device = load(KEY.device, null);
  if (typeof device !== "string" || !/^[A-Za-z0-9_-]{16,64}$/.test(device)) {
    device = randomId(16);
    store(KEY.device, device);
  }

  // -- words ---------------------------------------------------------------
  var strings = load(KEY.strings, {}) || {};

  // tr(KEY, {n: 2}): the server's words for the session's language; {n:one|other} agrees with n.
  function tr(key, params) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    if (!params) return text;
    return text.replace(/\{(\w+)(?::([^{}]*))?\}/g, function (whole, name, spec) {
      if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
      var value = params[name];
      if (spec && spec.indexOf("|") >= 0) {
        var parts = spec.split("|");
        return value === 1 ? parts[0] : parts[1];
      }
      return String(value);
    });
  }

  // -- DOM -----------------------------------------------------------------
  // h("button", {cls: "x", text: "Add", on: {click: f}, attrs: {...}}, child, ...)
  function h(tag, props) {
    var el = document.createElement(tag);
    props = props || {};
    if (props.cls) el.className = props.cls;
    if (props.text !== undefined && props.text !== null) el.textContent = String(props.text);
    if (props.attrs) {
      for (var name in props.attrs) {
        if (Object.prototype.hasOwnProperty.call(props.attrs, name) && props.attrs[name] !== null && props.attrs[name] !== false) {
          el.setAttribute(name, props.attrs[name] === true ? "" : String(props.attrs[name]));
        }
      }
    }
    if (props.on) {
      for (var ev in props.on) {
        if (Object.prototype.hasOwnProperty.call(props.on, ev)) el.addEventListener(ev, props.on[ev]);
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function button(label, onClick, cls, attrs) {
    return h("button", {cls: cls || "", text: label, attrs: Object.assign({type: "button"}, attrs || {}), on: {click: onClick}});
  }

  // A delete that asks once more: the first tap arms it, the second within 4 s deletes.
  function deleteButton(onConfirm) {
    var armed = null;
    var el = button(tr("delete"), function () {
      if (armed) {
        window.clearTimeout(armed);
        armed = null;
        onConfirm();
        return;
      }
      el.textContent = tr("delete_confirm");
      el.classList.add("armed");
      armed = window.setTimeout(function () {
        armed = null;
        el.textContent = tr("delete");
        el.classList.remove("armed");
      }, 4000);
    }, "small danger", {"data-act": "delete"});
    return el;
  }

  // A choice of a few values as big toggle buttons; get/set through the draft.
  function segmented(name, options, get, set) {
    var box = h("div", {cls: "seg", attrs: {role: "group", "data-name": name}});
    function paint() {
      var current = get();
      Array.prototype.forEach.call(box.children, function (b) {
        var on = b.getAttribute("data-value") === current;
        b.classList.toggle("on", on);
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    options.forEach(function (opt) {
      box.appendChild(
        button(opt.label, function () {
          set(opt.value);
          paint();
        }, "seg-btn " + (opt.cls || ""), {"data-value": opt.value})
      );
    });
    paint();
    box.paint = paint;
    return box;
  }

  // -- drafts: what the person is typing survives re-renders, step changes and reloads --
  var drafts = load(KEY.drafts, {}) || {};
  var saveDraftsTimer = null;

  function draft(form) {
    if (!drafts[form] || typeof drafts[form] !== "object") drafts[form] = {};
    return drafts[form];
  }

  function saveDrafts() {
    if (saveDraftsTimer) return;
    saveDraftsTimer = window.setTimeout(function () {
      saveDraftsTimer = null;
      store(KEY.drafts, drafts);
    }, 150);
  }

  function dropDraft(form) {
    delete drafts[form];
    store(KEY.drafts, drafts);
  }

  // An input or textarea whose value lives in draft(form)[name].
  function field(tag, form, name, attrs) {
    var el = h(tag, {attrs: Object.assign({name: name, "data-field": name}, attrs || {})});
    var d = draft(form);
    if (typeof d[name] === "string") el.value = d[name];
    el.addEventListener("input", function () {
      draft(form)[name] = el.value;
      saveDrafts();
    });
    return el;
  }

  function labelled(text, control, hint) {
    var id = "f" + randomId(6);
    control.id = id;
    return h("div", {cls: "row"}, h("label", {text: text, attrs: {for: id}}), hint ? h("div", {cls: "hint", text: hint}) : null, control);
  }

  // -- the outbox: every submission is kept until the app has answered it --------
  var outbox = load(KEY.outbox, []) || [];
  if (!Array.isArray(outbox)) outbox = [];
  var flushing = false;
  var retryTimer = null;
  var backoff = 1000;
  var blocked = null; // "not_joined" while the device must join before the outbox can go

  function saveOutbox() {
    store(KEY.outbox, outbox);
    paintStatus();
  }

  function submit(action, args) {
    outbox.push({sid: randomId(12), action: action, args: args, at: Date.now()});
    saveOutbox();
    flush();
  }

  function scheduleRetry(ms) {
    if (retryTimer) window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush();
    }, ms);
  }

  function flush() {
    if (flushing || blocked || fatal || outbox.length === 0) return;
    flushing = true;
    var item = outbox[0];
    request("POST", "api/submit", {device: device, id: item.sid, action: item.action, args: item.args}).then(function (answer) {
      flushing = false;
      if (answer.network || answer.status === 429 || answer.status >= 500) {
        item.tries = (item.tries || 0) + 1;
        saveOutbox();
        var wait = backoff;
        if (answer.status === 429 && answer.retryAfter) wait = Math.max(wait, answer.retryAfter * 1000);
        backoff = Math.min(backoff * 2, 15000);
        scheduleRetry(wait);
        return;
      }
      backoff = 1000;
      if (answer.status === 409 && answer.body && answer.body.error === "not_joined") {
        blocked = "not_joined"; // kept: sent again once the device has joined
        forgetPerson();
        render();
        return;
      }
      if (answer.status === 410) {
        stop("removed");
        return;
      }
      if (answer.status === 404 && !item.checked) {
        // an unknown record, or a link that changed? The state answers: 404 there too means the link.
        flushing = true;
        fetchState().then(function () {
          flushing = false;
          item.checked = true;
          flush();
        });
        return;
      }
      if (answer.status === 423) {
        // the app has the file read-only until the other mlew quits: keep it and try again later
        notify(message(answer), "error");
        scheduleRetry(15000);
        return;
      }
      outbox = outbox.filter(function (x) {
        return x.sid !== item.sid;
      });
      saveOutbox();
      if (answer.ok) {
        if (answer.body && (answer.body.conflict || (answer.body.result && answer.body.result.conflict))) notify(tr("conflict"), "warn");
      } else {
        notify(message(answer), "error");
        restore(item);
      }
      flush();
    });
  }

  // A refused submission's words go back into their form (when it is empty), so nothing typed is lost.
  var RESTORE = {
    add_review: ["reviews", "", ["text"]],
    edit_review: ["reviews", "", ["text"]],
    add_post: ["posts", "", ["text"]],
    edit_post: ["posts", "", ["text"]],
    add_todo: ["todos", "", ["text"]],
    add_faq: ["refine.faq", "[data-form=faq] ", ["q", "a"]],
    edit_faq: ["refine.faq", "[data-form=faq] ", ["q", "a"]],
    add_step: ["refine.step", "[data-form=step] ", ["text"]],
    edit_step: ["refine.step", "[data-form=step] ", ["text"]],
    add_case: ["case", "", CASE_FIELDS],
  };

  function restore(item) {
    var how = RESTORE[item.action];
    if (!how) return;
    var values = item.action === "add_case" ? (item.args || {}).fields || {} : item.args || {};
    var d = draft(how[0]);
    how[2].forEach(function (name) {
      var words = values[name];
      if (typeof words !== "string" || !words || (typeof d[name] === "string" && d[name] !== "")) return;
      var input = document.querySelector("#main " + how[1] + "[name=" + name + "]");
      if (input && input.value !== "") return;
      d[name] = words;
      if (input) input.value = words;
    });
    saveDrafts();
  }

  // -- network -------------------------------------------------------------
  var base = location.pathname.slice(-1) === "/" ? "" : location.pathname.split("/").pop() + "/";
  var fatal = null; // "moved" (404) or "removed" (410): nothing more to do on this link

  // Answers {ok, status, body, network, retryAfter}; never throws.
  function request(method, path, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller
      ? window.setTimeout(function () {
          controller.abort();
        }, 12000)
      : null;
    var init = {method: method, headers: {}, cache: "no-store", credentials: "same-origin"};
    if (controller) init.signal = controller.signal;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return window
      .fetch(base + path, init)
      .then(function (response) {
        var retryAfter = parseFloat(response.headers.get("Retry-After") || "");
        return response.text().then(function (text) {
          var parsed = null;
          try {
            parsed = JSON.parse(text);
          } catch (e) {
            parsed = null;
          }
          return {ok: response.ok && !!parsed && parsed.ok === true, status: response.status, body: parsed, network: false, retryAfter: isNaN(retryAfter) ? 0 : retryAfter};
        });
      })
      .catch(function () {
        return {ok: false, status: 0, body: null, network: true, retryAfter: 0};
      })
      .then(function (answer) {
        if (timer) window.clearTimeout(timer);
        online(!answer.network && answer.status < 500);
        return answer;
      });
  }

  function message(answer) {
    if (answer.body && typeof answer.body.message === "string" && answer.body.message) return answer.body.message;
    return tr("failed", {status: answer.status});
  }

  // The link changed (404 on the state) or the facilitator removed this device (410): the page stops and says so.
  function stop(why) {
    fatal = why;
    if (events) events.close();
    events = null;
    render();
  }

  var isOnline = true;
  function online(yes) {
    if (isOnline === yes) return;
    isOnline = yes;
    paintStatus();
  }

  // -- state -----------------------------------------------------------------
  var state = null;
  var picking = load(KEY.picking, false) === true; // "not me" was tapped: the picker stays until a name is chosen
  var shownAt = 0; // performance.now() when the state arrived (for the countdown)

  function accept(next) {
    if (!next || next.ok !== true || typeof next.revision !== "number") return;
    if (state && next.revision < state.revision) return; // an older state: ignore
    state = next;
    shownAt = window.performance.now();
    if (next.strings && typeof next.strings === "object") {
      strings = next.strings;
      store(KEY.strings, strings);
    }
    if (picking) {
      // the server still knows the old name until another is chosen
    } else if (next.me) {
      store(KEY.person, next.me.person);
      if (blocked === "not_joined") {
        blocked = null;
        flush();
      }
    } else {
      rejoinSilently();
    }
    render();
  }

  function fetchState() {
    if (fatal) return Promise.resolve();
    return request("GET", "api/state?device=" + encodeURIComponent(device)).then(function (answer) {
      if (answer.ok) accept(answer.body);
      else if (answer.status === 404) stop("moved");
      else if (answer.status === 410) stop("removed");
      else if (!answer.network && answer.status < 500 && answer.status !== 429) notify(message(answer), "error");
    });
  }

  var rejoining = false;
  function rejoinSilently() {
    var person = load(KEY.person, null);
    if (rejoining || !person || !state || !Array.isArray(state.people)) return;
    var known = state.people.some(function (p) {
      return p.id === person;
    });
    if (!known) {
      forgetPerson();
      return;
    }
    join(person, true);
  }

  var notMeTaps = 0; // a join answered after a later "not me" must not undo it
  function join(person, silently) {
    rejoining = true;
    var taps = notMeTaps;
    request("POST", "api/join", {device: device, person: person}).then(function (answer) {
      rejoining = false;
      if (taps !== notMeTaps) return; // "not me" was tapped while this join was on its way
      if (answer.ok) {
        store(KEY.person, person);
        picking = false;
        store(KEY.picking, null);
        blocked = null;
        fetchState().then(flush);
      } else if (answer.status === 410) {
        stop("removed");
      } else {
        if (answer.status === 404) fetchState();
        if (!answer.network) {
          if (silently) forgetPerson();
          notify(message(answer), "error");
        }
        render();
      }
    });
  }

  function forgetPerson() {
    store(KEY.person, null);
    if (state) state.me = null;
  }

  // -- the event stream ------------------------------------------------------
  var events = null;
  var reconnectTimer = null;
  var streamBackoff = 1000;

  function connect() {
    if (fatal || !window.EventSource) return;
    if (events) events.close();
    var source = new EventSource(base + "api/events?device=" + encodeURIComponent(device));
    events = source;
    source.addEventListener("open", function () {
      streamBackoff = 1000;
      online(true);
      flush();
    });
    source.addEventListener("state", function (ev) {
      try {
        accept(JSON.parse(ev.data));
      } catch (e) {
        // a broken event: the next one or a refetch repairs it
      }
    });
    source.addEventListener("error", function () {
      if (source !== events) return;
      if (source.readyState === EventSource.CLOSED) {
        // refused (404/410) or gone: ask the API what it is, then try again later
        online(false);
        fetchState();
        if (reconnectTimer) window.clearTimeout(reconnectTimer);
        reconnectTimer = window.setTimeout(function () {
          reconnectTimer = null;
          connect();
        }, streamBackoff);
        streamBackoff = Math.min(streamBackoff * 2, 15000);
      } else {
        online(false);
      }
    });
  }

  // Back online or back on screen: a phone that slept may hold a stream that silently died, so open a new one.
  function wake() {
    if (fatal) return;
    fetchState();
    connect();
    backoff = 1000;
    flush();
  }

  window.addEventListener("online", wake);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") wake();
  });

  // -- the status line and notices ---------------------------------------------
  var noticeTimer = null;

  function notify(text, kind) {
    var el = byId("notice");
    el.textContent = text;
    el.className = "notice " + (kind || "");
    el.hidden = false;
    if (noticeTimer) window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () {
      el.hidden = true;
    }, 8000);
  }

  function paintStatus() {
    var el = byId("status");
    if (!el) return;
    var parts = [];
    if (!isOnline) parts.push(tr("offline"));
    if (outbox.length > 0 && (!isOnline || outbox.some(function (x) { return x.tries || Date.now() - x.at > 1500; }))) {
      parts.push(tr("waiting", {n: outbox.length}));
    }
    var text = parts.join(" · ");
    var pending = [];
    if (parts.length) {
      outbox.forEach(function (x) {
        var a = x.args || {};
        var words = typeof a.text === "string" ? a.text : typeof a.q === "string" ? a.q : typeof a.value === "string" ? a.value : a.fields && typeof a.fields.name === "string" ? a.fields.name : "";
        if (words) pending.push(words);
      });
    }
    var signature = JSON.stringify([text, pending]);
    if (el.getAttribute("data-sig") !== signature) {
      el.setAttribute("data-sig", signature);
      clear(el);
      el.appendChild(h("div", {cls: "status-line", text: text}));
      if (pending.length) {
        var ul = h("ul", {cls: "pending"});
        pending.forEach(function (words) {
          ul.appendChild(h("li", {text: words}));
        });
        el.appendChild(ul);
      }
    }
    el.hidden = text === "";
    document.body.setAttribute("data-outbox", String(outbox.length));
  }

  // -- the countdown -------------------------------------------------------------
  function remaining() {
    if (!state || !state.timer || typeof state.timer.remaining_s !== "number") return null;
    var left = state.timer.remaining_s;
    if (state.timer.running) left -= (window.performance.now() - shownAt) / 1000;
    return left;
  }

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return (m < 10 ? "0" : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }

  function paintTimer() {
    var el = byId("timer");
    if (!el) return;
    var left = remaining();
    var text;
    var cls = "timer";
    if (left === null) {
      text = "";
    } else if (left <= 0) {
      text = tr("time_up");
      cls += " up";
    } else {
      text = clock(left);
      if (!state.timer.running) cls += " paused";
      else if (left <= 60) cls += " soon";
    }
    if (el.textContent !== text) el.textContent = text;
    if (el.className !== cls) el.className = cls;
    el.hidden = text === "";
  }

  window.setInterval(function () {
    paintTimer();
    paintStatus();
  }, 250);

  // -- rendering ---------------------------------------------------------------
  var view = null; // {key, root, update(state)}

  function render() {
    document.documentElement.lang = state && state.language ? state.language : document.documentElement.lang;
    document.body.setAttribute("data-revision", state ? String(state.revision) : "");
    paintStatus();
    var main = byId("main");
    if (fatal) {
      view = null;
      clear(main);
      clear(byId("who"));
      byId("notice").hidden = true;
      main.appendChild(
        h("section", {cls: "card fatal", attrs: {"data-fatal": fatal}}, h("h2", {text: fatal === "removed" ? tr("removed_title") : tr("moved_title")}), h("p", {text: fatal === "removed" ? tr("removed") : tr("moved")}))
      );
      return;
    }
    if (!state) return;
    document.title = state.title ? state.title : "mlew";
    byId("session").textContent = state.title || "";
    paintWho();
    if (!state.me || picking) {
      view = null;
      document.body.setAttribute("data-mode", "pick");
      clear(main);
      main.appendChild(pickView());
      return;
    }
    var work = state.work || {};
    var step = state.step || {};
    var key = [state.language, step.id, step.view, step.mode, state.me.person, work.role || "", work.presented || ""].join("|");
    document.body.setAttribute("data-mode", step.mode || "read");
    if (!view || view.key !== key) {
      clear(main);
      view = makeView(step.mode);
      view.key = key;
      main.appendChild(stepCard(step));
      main.appendChild(view.root);
    }
    setText("phase", step.phase);
    setText("step-title", step.title);
    setText("what", step.what);
    view.update(state);
    paintTimer();
  }

  function paintWho() {
    var who = byId("who");
    clear(who);
    if (state && state.me && !picking) {
      who.appendChild(h("span", {cls: "me", text: state.me.name}));
      who.appendChild(
        h("a", {
          cls: "not-me",
          text: tr("not_me"),
          attrs: {href: "#", role: "button", "data-act": "not-me"},
          on: {
            click: function (ev) {
              ev.preventDefault();
              picking = true;
              notMeTaps += 1;
              store(KEY.picking, true);
              forgetPerson();
              view = null;
              render();
            },
          },
        })
      );
    }
  }

  function setText(id, text) {
    var el = byId(id);
    if (el && el.textContent !== (text || "")) el.textContent = text || "";
  }

  function stepCard(step) {
    return h(
      "section",
      {cls: "card step"},
      h("div", {cls: "phase", attrs: {id: "phase"}, text: step.phase || ""}),
      h("h1", {cls: "step-title", attrs: {id: "step-title"}, text: step.title || ""}),
      h("div", {cls: "timer", attrs: {id: "timer", "aria-live": "off"}}),
      h("p", {cls: "what", attrs: {id: "what"}, text: step.what || ""})
    );
  }

  function pickView() {
    var list = h("div", {cls: "people"});
    (state.people || []).forEach(function (p) {
      list.appendChild(
        button(p.name, function () {
          join(p.id, false);
        }, "person", {"data-person": p.id})
      );
    });
    return h("section", {cls: "card pick"}, h("h1", {text: tr("pick_title")}), h("p", {cls: "what", text: tr("pick_hint")}), list);
  }

  function makeView(mode) {
    var make = {reviews: reviewsView, posts: postsView, case: caseView, score: scoreView, vote: voteView, refine: refineView, todos: todosView}[mode];
    return make ? make() : readView();
  }

  function section(title) {
    return h("section", {cls: "card"}, h("h2", {text: title || ""}));
  }

  function empty(text) {
    return h("p", {cls: "empty", text: text});
  }

  // Replace the children of a list only when what it shows changed (taps stay on their buttons).
  function fill(el, signature, build) {
    if (el.getAttribute("data-sig") === signature) return;
    el.setAttribute("data-sig", signature);
    clear(el);
    build(el);
  }

  // -- read: any other step ---------------------------------------------------
  function readView() {
    var root = h("div", {cls: "read"}, h("p", {cls: "follow", text: tr("read_follow")}));
    return {root: root, update: function () {}};
  }

  // -- reviews ------------------------------------------------------------------
  function reviewsView() {
    var F = "reviews";
    var d = draft(F);
    if (d.polarity !== "positive" && d.polarity !== "negative") d.polarity = "positive";
    if (d.basis !== "fact" && d.basis !== "assumption") d.basis = "fact";
    var text = field("textarea", F, "text", {rows: 3, maxlength: 2000});
    var polarity = segmented("polarity", [
      {value: "positive", label: tr("positive"), cls: "pos"},
      {value: "negative", label: tr("negative"), cls: "neg"},
    ], function () { return draft(F).polarity; }, function (v) { draft(F).polarity = v; saveDrafts(); });
    var basis = segmented("basis", [
      {value: "fact", label: tr("fact")},
      {value: "assumption", label: tr("assumption")},
    ], function () { return draft(F).basis; }, function (v) { draft(F).basis = v; saveDrafts(); });
    var send = button("", onSend, "primary", {"data-act": "send"});
    var cancel = button(tr("cancel"), function () { stopEditing(); }, "", {"data-act": "cancel"});
    var form = h("form", {cls: "card form", on: {submit: function (ev) { ev.preventDefault(); onSend(); }}}, h("h2", {attrs: {"data-role": "form-title"}}), labelled(tr("review_text"), text), polarity, basis, h("div", {cls: "actions"}, send, cancel));
    var counts = h("p", {cls: "counts"});
    var list = h("ul", {cls: "list", attrs: {"data-list": "mine"}});
    var mine = section(tr("your_reviews"));
    mine.appendChild(counts);
    mine.appendChild(list);

    function paintForm() {
      var editing = draft(F).edit;
      form.querySelector("[data-role=form-title]").textContent = editing ? tr("edit_review") : tr("new_review");
      send.textContent = editing ? tr("save") : tr("add");
      cancel.hidden = !editing;
      polarity.paint();
      basis.paint();
    }

    function stopEditing() {
      var keep = {polarity: draft(F).polarity, basis: draft(F).basis};
      dropDraft(F);
      Object.assign(draft(F), keep);
      text.value = "";
      paintForm();
    }

    function onSend() {
      var dd = draft(F);
      var value = text.value.trim();
      if (!value) {
        notify(tr("need_text"), "error");
        text.focus();
        return;
      }
      var args = {text: value, polarity: dd.polarity || "positive", basis: dd.basis || "fact"};
      if (dd.edit) {
        args.review = dd.edit;
        submit("edit_review", args);
      } else {
        submit("add_review", args);
      }
      var keep = {polarity: args.polarity, basis: args.basis};
      dropDraft(F);
      Object.assign(draft(F), keep);
      text.value = "";
      paintForm();
    }

    paintForm();
    return {
      root: h("div", {}, form, mine),
      update: function (s) {
        var w = s.work || {};
        var c = w.count || {};
        counts.textContent = tr("review_counts", {positive: c.positive || 0, negative: c.negative || 0});
        var items = w.mine || [];
        fill(list, JSON.stringify(items), function (ul) {
          if (!items.length) ul.appendChild(empty(tr("none_yet")));
          items.forEach(function (r) {
            ul.appendChild(ownItem(F, r, r.polarity === "negative",
              [h("span", {cls: "tag pol", text: r.polarity === "negative" ? tr("negative") : tr("positive")}), h("span", {cls: "tag", text: r.basis === "assumption" ? tr("assumption") : tr("fact")})],
              {text: r.text, polarity: r.polarity, basis: r.basis}, text, paintForm,
              function () { submit("delete_review", {review: r.id}); }));
          });
        });
      },
    };
  }

  // One of the person's own entries (a review, a post): its tags and text
  // (always as text), Edit - back into the form above, with ``fields`` - and
  // Delete. ``negative`` tints it as the deck's minus side.
  function ownItem(F, rec, negative, tags, fields, text, paintForm, onDelete) {
    return h(
      "li",
      {cls: "item " + (negative ? "neg" : "pos"), attrs: {"data-id": rec.id}},
      h.apply(null, ["div", {cls: "tags"}].concat(tags)),
      h("div", {cls: "text", text: rec.text}),
      h(
        "div",
        {cls: "actions"},
        button(tr("edit"), function () {
          var dd = draft(F);
          dd.edit = rec.id;
          Object.keys(fields).forEach(function (key) { dd[key] = fields[key]; });
          saveDrafts();
          text.value = rec.text;
          paintForm();
          text.focus();
          window.scrollTo(0, 0);
        }, "small", {"data-act": "edit"}),
        deleteButton(onDelete)
      )
    );
  }

  // -- posts ------------------------------------------------------------------------
  function postsView() {
    var F = "posts";
    var d = draft(F);
    if (d.stance !== "continue" && d.stance !== "quit") d.stance = "continue";
    if (!Array.isArray(d.refs)) d.refs = [];
    var text = field("textarea", F, "text", {rows: 3, maxlength: 2000});
    var stance = segmented("stance", [
      {value: "continue", label: tr("stance_continue"), cls: "pos"},
      {value: "quit", label: tr("stance_quit"), cls: "neg"},
    ], function () { return draft(F).stance; }, function (v) { draft(F).stance = v; saveDrafts(); });
    var refs = h("ul", {cls: "refs", attrs: {"data-list": "reviews"}});
    var send = button("", onSend, "primary", {"data-act": "send"});
    var cancel = button(tr("cancel"), function () { reset(); }, "", {"data-act": "cancel"});
    var title = h("h2");
    var form = h("form", {cls: "card form", on: {submit: function (ev) { ev.preventDefault(); onSend(); }}}, title, stance, labelled(tr("post_text"), text), h("h3", {text: tr("cite")}), refs, h("div", {cls: "actions"}, send, cancel));
    var list = h("ul", {cls: "list", attrs: {"data-list": "mine"}});
    var mine = section(tr("your_posts"));
    mine.appendChild(list);
    var reviews = [];

    function paintForm() {
      var editing = draft(F).edit;
      title.textContent = editing ? tr("edit_post") : tr("new_post");
      send.textContent = editing ? tr("save") : tr("add");
      cancel.hidden = !editing;
      stance.paint();
      paintRefs(true);
    }

    function paintRefs(force) {
      var chosen = draft(F).refs || [];
      if (force) refs.removeAttribute("data-sig");
      fill(refs, JSON.stringify([reviews, chosen]), function (ul) {
        if (!reviews.length) ul.appendChild(empty(tr("no_reviews")));
        reviews.forEach(function (r) {
          var on = chosen.indexOf(r.id) >= 0;
          ul.appendChild(
            h(
              "li",
              {},
              h(
                "button",
                {
                  cls: "ref " + (r.polarity === "negative" ? "neg" : "pos") + (on ? " on" : ""),
                  attrs: {type: "button", "aria-pressed": on ? "true" : "false", "data-id": r.id},
                  on: {
                    click: function () {
                      var dd = draft(F);
                      var list2 = (dd.refs || []).slice();
                      var at = list2.indexOf(r.id);
                      if (at >= 0) list2.splice(at, 1);
                      else list2.push(r.id);
                      dd.refs = list2;
                      saveDrafts();
                      paintRefs(false);
                    },
                  },
                },
                h("span", {cls: "mark", text: on ? "✓" : r.polarity === "negative" ? "−" : "+"}),
                h("span", {cls: "text", text: r.text})
              )
            )
          );
        });
      });
    }

    function reset() {
      dropDraft(F);
      var dd = draft(F);
      dd.stance = "continue";
      dd.refs = [];
      text.value = "";
      paintForm();
    }

    function onSend() {
      var dd = draft(F);
      var value = text.value.trim();
      if (!value) {
        notify(tr("need_text"), "error");
        text.focus();
        return;
      }
      var known = reviews.map(function (r) { return r.id; });
      var args = {text: value, stance: dd.stance || "continue", refs: (dd.refs || []).filter(function (id) { return known.indexOf(id) >= 0; })};
      if (dd.edit) {
        args.post = dd.edit;
        submit("edit_post", args);
      } else {
        submit("add_post", args);
      }
      reset();
    }

    paintForm();
    return {
      root: h("div", {}, form, mine),
      update: function (s) {
        var w = s.work || {};
        reviews = w.reviews || [];
        paintRefs(false);
        var items = w.mine || [];
        var names = {};
        reviews.forEach(function (r) { names[r.id] = r.text; });
        fill(list, JSON.stringify([items, reviews]), function (ul) {
          if (!items.length) ul.appendChild(empty(tr("none_yet")));
          items.forEach(function (p) {
            ul.appendChild(ownItem(F, p, p.stance === "quit",
              [h("span", {cls: "tag pol", text: p.stance === "quit" ? tr("stance_quit") : tr("stance_continue")}), h("span", {cls: "tag", text: tr("cited", {n: (p.refs || []).length})})],
              {text: p.text, stance: p.stance, refs: (p.refs || []).slice()}, text, paintForm,
              function () { submit("delete_post", {post: p.id}); }));
          });
        });
      },
    };
  }

  // -- case ------------------------------------------------------------------------
  function caseView() {
    var F = "case";
    var box = h("form", {cls: "card form", on: {submit: function (ev) { ev.preventDefault(); onSend(); }}}, h("h2", {text: tr("new_case")}));
    var inputs = {};
    var built = false;
    var send = button(tr("add"), onSend, "primary", {"data-act": "send"});
    var list = h("ul", {cls: "list", attrs: {"data-list": "mine"}});
    var mine = section(tr("your_cases"));
    mine.appendChild(list);

    function build(fields) {
      built = true;
      fields.forEach(function (f) {
        var control = f.name === "name" || f.name === "company" || f.name === "source" ? field("input", F, f.name, {type: "text", maxlength: 2000}) : field("textarea", F, f.name, {rows: 2, maxlength: 2000});
        if (f.name === "source") control.setAttribute("inputmode", "url");
        inputs[f.name] = control;
        box.appendChild(labelled(f.label || f.name, control, f.hint));
      });
      box.appendChild(h("div", {cls: "actions"}, send));
    }

    function onSend() {
      var values = {};
      Object.keys(inputs).forEach(function (name) {
        values[name] = inputs[name].value.trim();
      });
      if (inputs.name && !values.name) {
        notify(tr("need_name"), "error");
        inputs.name.focus();
        return;
      }
      submit("add_case", {fields: values});
      dropDraft(F);
      Object.keys(inputs).forEach(function (name) {
        inputs[name].value = "";
      });
    }

    return {
      root: h("div", {}, box, mine),
      update: function (s) {
        var w = s.work || {};
        if (!built) build(w.fields || []);
        var items = w.mine || [];
        fill(list, JSON.stringify(items), function (ul) {
          if (!items.length) ul.appendChild(empty(tr("none_yet")));
          items.forEach(function (c) {
            ul.appendChild(h("li", {cls: "item", attrs: {"data-id": c.id}}, h("div", {cls: "text", text: c.name})));
          });
        });
      },
    };
  }

  // -- score: the person's own sheet ------------------------------------------------------
  function scoreView() {
    var chosen = null; // the case picked on this page when none is presented
    var root = h("div", {});
    var sheet = section("");
    var picker = section(tr("cases"));
    var pickList = h("div", {cls: "cases", attrs: {"data-list": "cases"}});
    picker.appendChild(pickList);
    root.appendChild(sheet);
    root.appendChild(picker);
    var last = null;

    function points(v) {
      return String(Math.round(v * 100) / 100);
    }

    function paint(s) {
      last = s;
      var w = s.work || {};
      var cases = w.cases || [];
      var items = w.items || [];
      var current = w.presented || chosen;
      var theCase = null;
      cases.forEach(function (c) {
        if (c.id === current) theCase = c;
      });
      fill(sheet, JSON.stringify([theCase, items, !!w.presented]), function (box) {
        if (!theCase) {
          box.appendChild(h("h2", {text: tr("score_pick")}));
          return;
        }
        box.appendChild(h("h2", {cls: "case-name", text: tr("case_number", {number: theCase.number, name: theCase.name})}));
        box.appendChild(h("p", {cls: "hint", text: tr("score_hint")}));
        var credits = theCase.credits || {};
        items.forEach(function (it) {
          var now = Object.prototype.hasOwnProperty.call(credits, it.id) ? credits[it.id] : null;
          var row = h("div", {cls: "score-row " + (it.kind === "strength" ? "strength" : "issue"), attrs: {"data-item": it.id}});
          row.appendChild(h("div", {cls: "score-item"}, h("span", {cls: "tag", text: it.kind === "strength" ? tr("strength") : tr("issue")}), h("span", {cls: "text", text: it.title}), h("span", {cls: "pts", text: tr("points", {points: points(it.points)})})));
          var choices = [
            {value: "full", label: tr("full", {points: points(it.points)})},
            {value: "partial", label: tr("partial", {points: points(it.partial)})},
            {value: "none", label: tr("none_credit")},
          ];
          var seg = h("div", {cls: "seg three", attrs: {role: "group"}});
          choices.forEach(function (ch) {
            var on = now === ch.value;
            seg.appendChild(
              button(ch.label, function () {
                submit("score", {case: theCase.id, item: it.id, credit: on ? null : ch.value});
              }, "seg-btn" + (on ? " on" : ""), {"data-credit": ch.value, "aria-pressed": on ? "true" : "false"})
            );
          });
          row.appendChild(seg);
          box.appendChild(row);
        });
      });
      picker.hidden = !!w.presented && cases.length === 0;
      fill(pickList, JSON.stringify([cases, current, !!w.presented]), function (box) {
        if (!cases.length) box.appendChild(empty(tr("no_cases")));
        cases.forEach(function (c) {
          var label = tr("case_number", {number: c.number, name: c.name}) + (c.done ? "  ✓" : "");
          var b = button(label, function () {
            if (w.presented) return;
            chosen = c.id;
            paint(last);
          }, "case-btn" + (c.id === current ? " on" : "") + (c.done ? " done" : ""), {"data-case": c.id, disabled: !!w.presented && c.id !== current});
          box.appendChild(b);
        });
      });
    }

    return {root: root, update: paint};
  }

  // -- vote --------------------------------------------------------------------------
  function voteView() {
    var root = section(tr("your_totals"));
    var body = h("div", {});
    root.appendChild(body);
    return {
      root: root,
      update: function (s) {
        var w = s.work || {};
        fill(body, JSON.stringify(w), function (box) {
          var cases = w.cases || [];
          var top = w.top || [];
          var pickName = null;
          cases.forEach(function (c) {
            if (c.id === w.pick) pickName = tr("case_number", {number: c.number, name: c.name});
          });
          box.appendChild(h("p", {cls: "pick-line", attrs: {"data-pick": w.pick || ""}, text: pickName ? tr("your_pick", {name: pickName}) : tr("no_pick")}));
          if (w.choose) box.appendChild(h("p", {cls: "hint", text: tr("choose_hint")}));
          var ul = h("ul", {cls: "list totals"});
          cases.forEach(function (c) {
            var isTop = top.indexOf(c.id) >= 0;
            var li = h("li", {cls: "item total" + (isTop ? " top" : "") + (c.id === w.pick ? " picked" : ""), attrs: {"data-case": c.id}}, h("span", {cls: "text", text: tr("case_number", {number: c.number, name: c.name})}), h("span", {cls: "pts", text: tr("points", {points: String(Math.round(c.total * 100) / 100)})}));
            if (w.choose && isTop) {
              li.appendChild(
                button(c.id === w.pick ? tr("picked") : tr("pick"), function () {
                  submit("vote", {case: c.id});
                }, c.id === w.pick ? "primary on" : "primary", {"data-act": "vote"})
              );
            }
            ul.appendChild(li);
          });
          if (!cases.length) ul.appendChild(empty(tr("no_cases")));
          box.appendChild(ul);
        });
      },
    };
  }

  // -- refine: the role's template ---------------------------------------------------------
  function refineView() {
    var root = h("div", {});
    var roleLine = h("section", {cls: "card role"});
    var fieldsBox = section(tr("message"));
    var faqBox = section("");
    var stepsBox = section(tr("steps"));
    root.appendChild(roleLine);
    root.appendChild(fieldsBox);
    root.appendChild(faqBox);
    root.appendChild(stepsBox);
    var controls = {}; // field name -> {el, base}
    var faqList = h("ol", {cls: "list", attrs: {"data-list": "faq"}});
    var stepList = h("ol", {cls: "list", attrs: {"data-list": "steps"}});
    var faqForm = rowForm("faq");
    var stepForm = rowForm("step");
    faqBox.appendChild(faqList);
    faqBox.appendChild(faqForm.root);
    stepsBox.appendChild(stepList);
    stepsBox.appendChild(stepForm.root);
    var current = {faq: [], steps: []};

    // The form that adds (or edits) one FAQ entry or one step.
    function rowForm(kind) {
      var F = "refine." + kind;
      var d = draft(F);
      d.uncertain = !!d.uncertain;
      var first = kind === "faq" ? field("textarea", F, "q", {rows: 2, maxlength: 2000}) : field("textarea", F, "text", {rows: 2, maxlength: 2000});
      var second = kind === "faq" ? field("textarea", F, "a", {rows: 3, maxlength: 4000}) : null;
      var red = button(tr("uncertain"), function () {
        draft(F).uncertain = !draft(F).uncertain;
        saveDrafts();
        paint();
      }, "toggle red", {"data-act": "uncertain"});
      var send = button("", onSend, "primary", {"data-act": "send"});
      var cancel = button(tr("cancel"), reset, "", {"data-act": "cancel"});
      var title = h("h3");
      var form = h("form", {cls: "form sub", attrs: {"data-form": kind}, on: {submit: function (ev) { ev.preventDefault(); onSend(); }}}, title, kind === "faq" ? labelled(tr("question"), first) : labelled(tr("step_text"), first), second ? labelled(tr("answer"), second) : null, red, h("div", {cls: "actions"}, send, cancel));

      function paint() {
        var dd = draft(F);
        var editing = typeof dd.edit === "number";
        title.textContent = kind === "faq" ? (editing ? tr("edit_faq") : tr("new_faq")) : editing ? tr("edit_step") : tr("new_step");
        send.textContent = editing ? tr("save") : tr("add");
        cancel.hidden = !editing;
        red.classList.toggle("on", !!dd.uncertain);
        red.setAttribute("aria-pressed", dd.uncertain ? "true" : "false");
      }

      function reset() {
        dropDraft(F);
        first.value = "";
        if (second) second.value = "";
        paint();
      }

      function onSend() {
        var dd = draft(F);
        var v1 = first.value.trim();
        if (!v1) {
          notify(tr("need_text"), "error");
          first.focus();
          return;
        }
        var editing = typeof dd.edit === "number";
        if (kind === "faq") {
          var a = second.value.trim();
          if (editing) submit("edit_faq", {index: dd.edit, q: v1, a: a, uncertain: !!dd.uncertain, base: dd.base || ""});
          else submit("add_faq", {q: v1, a: a, uncertain: !!dd.uncertain});
        } else if (editing) {
          submit("edit_step", {index: dd.edit, text: v1, uncertain: !!dd.uncertain, base: dd.base || ""});
        } else {
          submit("add_step", {text: v1, uncertain: !!dd.uncertain});
        }
        reset();
      }

      function edit(row) {
        var dd = draft(F);
        dd.edit = row.index;
        dd.uncertain = !!row.uncertain;
        if (kind === "faq") {
          dd.q = row.q;
          dd.a = row.a;
          dd.base = row.a;
          first.value = row.q;
          second.value = row.a;
        } else {
          dd.text = row.text;
          dd.base = row.text;
          first.value = row.text;
        }
        saveDrafts();
        paint();
        first.focus();
      }

      paint();
      return {root: form, edit: edit};
    }

    function rowActions(kind, row) {
      var red = button(tr("uncertain"), function () {
        if (kind === "faq") submit("edit_faq", {index: row.index, q: row.q, a: row.a, uncertain: !row.uncertain, base: row.a});
        else submit("edit_step", {index: row.index, text: row.text, uncertain: !row.uncertain, base: row.text});
      }, "small toggle red" + (row.uncertain ? " on" : ""), {"data-act": "uncertain", "aria-pressed": row.uncertain ? "true" : "false"});
      return h(
        "div",
        {cls: "actions"},
        red,
        button(tr("edit"), function () {
          (kind === "faq" ? faqForm : stepForm).edit(row);
        }, "small", {"data-act": "edit"}),
        deleteButton(function () {
          submit(kind === "faq" ? "remove_faq" : "remove_step", {index: row.index});
        })
      );
    }

    function paintFields(fields) {
      fields.forEach(function (f) {
        var c = controls[f.name];
        var value = typeof f.value === "string" ? f.value : "";
        if (!c) {
          var F = "refine.field." + f.name;
          var el = field("textarea", F, "value", {rows: 2, maxlength: 4000});
          var dd = draft(F);
          var dirty = typeof dd.value === "string" && dd.value !== (typeof dd.base === "string" ? dd.base : value);
          if (!dirty) {
            el.value = value;
            dd.base = value;
            delete dd.value;
          }
          var save = button(tr("save"), function () {
            var d2 = draft(F);
            submit("refine_field", {field: f.name, value: el.value, base: typeof d2.base === "string" ? d2.base : ""});
            d2.base = el.value;
            delete d2.value;
            saveDrafts();
            save.classList.remove("dirty");
          }, "primary small", {"data-act": "save"});
          el.addEventListener("input", function () {
            save.classList.toggle("dirty", el.value !== draft(F).base);
          });
          var row = labelled(f.label || f.name, el, f.hint);
          row.setAttribute("data-field-name", f.name);
          row.appendChild(h("div", {cls: "actions"}, save));
          fieldsBox.appendChild(row);
          c = controls[f.name] = {el: el, form: F, save: save};
          save.classList.toggle("dirty", dirty);
          return;
        }
        // A later value from the room: shown unless this person is typing in the field.
        var d3 = draft(c.form);
        var typing = document.activeElement === c.el || (typeof d3.value === "string" && d3.value !== d3.base);
        if (!typing && c.el.value !== value) c.el.value = value;
        if (!typing) d3.base = value;
      });
    }

    function paintRows(kind, rows, ol) {
      fill(ol, JSON.stringify(rows), function (box) {
        if (!rows.length) box.appendChild(empty(tr("none_yet")));
        rows.forEach(function (row) {
          var li = h("li", {cls: "item" + (row.uncertain ? " uncertain" : ""), attrs: {"data-index": String(row.index)}});
          if (kind === "faq") {
            li.appendChild(h("div", {cls: "q", text: row.q}));
            li.appendChild(h("div", {cls: "text a", text: row.a}));
          } else {
            li.appendChild(h("div", {cls: "text", text: row.text}));
          }
          if (row.uncertain) li.appendChild(h("span", {cls: "tag red", text: tr("uncertain_mark")}));
          li.appendChild(rowActions(kind, row));
          box.appendChild(li);
        });
      });
    }

    return {
      root: root,
      update: function (s) {
        var w = s.work || {};
        var roles = {planner: tr("role_planner"), sales: tr("role_sales"), developer: tr("role_developer")};
        fill(roleLine, String(w.role), function (box) {
          box.appendChild(h("h2", {text: w.role ? tr("your_role", {role: roles[w.role] || w.role}) : tr("no_role")}));
        });
        var fields = w.fields || [];
        fieldsBox.hidden = fields.length === 0;
        paintFields(fields);
        faqBox.hidden = !w.faq_kind;
        faqBox.querySelector("h2").textContent = w.faq_kind === "customer" ? tr("faq_customer") : tr("faq_internal");
        current.faq = w.faq || [];
        paintRows("faq", current.faq, faqList);
        stepsBox.hidden = w.role !== "developer";
        current.steps = w.steps || [];
        paintRows("step", current.steps, stepList);
      },
    };
  }

  // -- todos ---------------------------------------------------------------------------
  function todosView() {
    var F = "todos";
    var text = field("textarea", F, "text", {rows: 2, maxlength: 2000});
    var milestone = h("select", {attrs: {name: "milestone", "data-field": "milestone"}});
    milestone.addEventListener("change", function () {
      draft(F).milestone = milestone.value;
      saveDrafts();
    });
    var send = button(tr("add"), onSend, "primary", {"data-act": "send"});
    var form = h("form", {cls: "card form", on: {submit: function (ev) { ev.preventDefault(); onSend(); }}}, h("h2", {text: tr("new_todo")}), labelled(tr("todo_text"), text), labelled(tr("milestone"), milestone), h("div", {cls: "actions"}, send));
    var list = h("ul", {cls: "list", attrs: {"data-list": "mine"}});
    var mine = section(tr("your_todos"));
    mine.appendChild(list);
    var titles = {};

    function onSend() {
      var value = text.value.trim();
      if (!value) {
        notify(tr("need_text"), "error");
        text.focus();
        return;
      }
      submit("add_todo", {text: value, milestone: milestone.value});
      var keep = milestone.value;
      dropDraft(F);
      draft(F).milestone = keep;
      text.value = "";
    }

    return {
      root: h("div", {}, form, mine),
      update: function (s) {
        var w = s.work || {};
        var milestones = w.milestones || [];
        titles = {};
        milestones.forEach(function (m) { titles[m.id] = m.title; });
        if (document.activeElement !== milestone) {
          fill(milestone, JSON.stringify(milestones), function (sel) {
            milestones.forEach(function (m) {
              sel.appendChild(h("option", {text: m.title, attrs: {value: m.id}}));
            });
          });
          var want = draft(F).milestone;
          if (want && titles[want] !== undefined) milestone.value = want;
        }
        var items = w.mine || [];
        fill(list, JSON.stringify([items, milestones]), function (ul) {
          if (!items.length) ul.appendChild(empty(tr("none_yet")));
          items.forEach(function (t) {
            ul.appendChild(
              h(
                "li",
                {cls: "item todo" + (t.done ? " done" : ""), attrs: {"data-id": t.id}},
                button(t.done ? "✓" : "", function () {
                  submit("toggle_todo", {todo: t.id});
                }, "check" + (t.done ? " on" : ""), {"data-act": "toggle", "aria-pressed": t.done ? "true" : "false", "aria-label": tr("done")}),
                h("div", {cls: "body"}, h("div", {cls: "text", text: t.text}), h("div", {cls: "tags"}, h("span", {cls: "tag", text: titles[t.milestone] || t.milestone || ""}), t.due ? h("span", {cls: "tag", text: tr("due", {date: t.due})}) : null)),
                deleteButton(function () {
                  submit("remove_todo", {todo: t.id});
                })
              )
            );
          });
        });
      },
    };
  }

  // -- start -----------------------------------------------------------------------
  function start() {
    paintStatus();
    fetchState().then(function () {
      connect();
      flush();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
