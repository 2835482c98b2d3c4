/*
 * Stödguiden – chat widget for Stockholms stad (no framework, no cookies).
 *
 * Embed: a config object, then this one script (it loads its CSS and the vendored socket.io
 * client from its own folder):
 *
 *   <script type="application/json" id="stodguiden-chat-config">
 *     {"serverUrl": "https://chat.example.se", "title": "Stödguiden", "language": "sv"}
 *   </script>
 *   <script src="https://chat.example.se/webhooks/chat/static/stodguiden-chat.js" defer></script>
 *
 * (window.StodguidenChatConfig = {...} works too.) See web/README.md for every setting.
 *
 * Talks to Rasa's socket.io channel: session_request/session_confirm, user_uttered/bot_uttered.
 * Every bot and user string is inserted as text (textContent / text nodes), never as HTML.
 */
(function () {
  "use strict";

  const SCRIPT = document.currentScript;
  const BASE = SCRIPT && SCRIPT.src ? new URL(".", SCRIPT.src).href : "";
  const STORE_KEY = "stodguiden-chat";

  const DEFAULTS = {
    serverUrl: "", // "" = the server this script came from
    socketPath: "/socket.io",
    title: "Stödguiden",
    language: "sv",
    colors: {}, // primary, primaryText, background, text, exit
    persist: false, // true: keep the conversation in sessionStorage until the tab closes
    exitUrl: "https://www.google.com/search?q=väder",
    initPayload: "/greet", // sent (not shown) when a conversation starts or restarts; "" for none
    restartPayloads: ["/restart", "/start_over"], // a quick reply with one of these works as "Börja om"
    container: "#stodguiden-chat",
    replyTimeoutMs: 10000, // send the next message after this long without a reply
    settleMs: 800, // ... or this long after the bot's last message
    texts: {},
  };

  const TEXTS = {
    privacy:
      "Du är anonym. Det du skriver sparas inte efter samtalet och raderas efter 30 minuter " +
      "utan aktivitet eller när du väljer Börja om.",
    restart: "Börja om",
    exit: "Lämna snabbt",
    logLabel: "Samtal",
    choices: "Svarsalternativ",
    inputLabel: "Skriv ditt meddelande",
    placeholder: "Skriv här …",
    send: "Skicka",
    you: "Du: ",
    bot: "Stödguiden: ",
    typing: "Stödguiden skriver …",
    offline: "Kan inte ansluta just nu – försöker igen …",
    reconnecting: "Anslutningen bröts – försöker igen …",
    reconnected: "Ansluten igen.",
    queued: "Skickas när anslutningen är tillbaka.",
    newWindow: " (öppnas i nytt fönster)",
    loadFailed: "Chatten kunde inte laddas. Försök igen senare.",
  };

  const COLOR_VARS = {
    primary: "--sg-primary",
    primaryText: "--sg-on-primary",
    background: "--sg-bg",
    text: "--sg-text",
    exit: "--sg-exit",
  };

  // [label](https://…), https://… or www.… ; nothing else becomes a link.
  const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]+|www\.[^\s<>"]+)/gi;

  function readConfig() {
    let fromPage = {};
    const block = document.getElementById("stodguiden-chat-config");
    if (block) {
      try {
        fromPage = JSON.parse(block.textContent);
      } catch (error) {
        console.warn("Stödguiden: the config is not valid JSON", error);
      }
    }
    const cfg = Object.assign({}, DEFAULTS, window.StodguidenChatConfig || {}, fromPage);
    cfg.texts = Object.assign({}, TEXTS, cfg.texts);
    cfg.exitUrl = safeHref(cfg.exitUrl) || DEFAULTS.exitUrl;
    if (!Array.isArray(cfg.restartPayloads)) cfg.restartPayloads = DEFAULTS.restartPayloads;
    return cfg;
  }

  function safeHref(url) {
    try {
      const parsed = new URL(/^www\./i.test(url) ? "https://" + url : url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  function newSessionId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = el("script", { src: src });
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }

  function loadStyles() {
    if (document.querySelector("link[data-stodguiden]")) return;
    document.head.append(el("link", { rel: "stylesheet", href: BASE + "stodguiden-chat.css", "data-stodguiden": "" }));
  }

  function Chat(root, cfg) {
    const T = cfg.texts;
    const saved = cfg.persist ? loadSaved() : null;
    const state = {
      sessionId: (saved && saved.sessionId) || newSessionId(),
      socket: null,
      confirmed: false,
      everConnected: false,
      offline: false, // a connection failed or broke: mark what waits for it
      outbox: [], // {payload, item, noReply}: sent one at a time
      inFlight: false,
      discard: false, // drop replies to what was said before "Börja om"
      replyTimer: 0,
      settleTimer: 0,
      turnStart: null, // the bot's first message of the current answer
      lastUser: null, // the user's message it answers
      messages: [], // what persist keeps
    };

    // ---- the DOM ----
    const section = el("section", { class: "sg-chat", lang: cfg.language, "aria-labelledby": "sg-title" });
    for (const [key, value] of Object.entries(cfg.colors || {})) {
      if (COLOR_VARS[key] && CSS.supports("color", value)) section.style.setProperty(COLOR_VARS[key], value);
    }
    const header = el("div", { class: "sg-head" });
    const title = el("h2", { id: "sg-title", class: "sg-title" }, cfg.title);
    const actions = el("div", { class: "sg-actions" });
    const restartButton = el("button", { type: "button", class: "sg-restart" }, T.restart);
    const exitButton = el("button", { type: "button", class: "sg-exit" }, T.exit);
    actions.append(restartButton, exitButton);
    header.append(title, actions);

    const status = el("p", { class: "sg-status", role: "status" });
    const log = el("div", { class: "sg-log", role: "log", "aria-live": "polite", "aria-label": T.logLabel, tabindex: "0" });
    const typing = el("p", { class: "sg-typing", hidden: "" }, T.typing);

    const form = el("form", { class: "sg-form" });
    const label = el("label", { for: "sg-input", class: "sg-label" }, T.inputLabel);
    const input = el("input", {
      id: "sg-input",
      class: "sg-input",
      type: "text",
      autocomplete: "off",
      enterkeyhint: "send",
      maxlength: "1000",
      placeholder: T.placeholder,
    });
    const sendButton = el("button", { type: "submit", class: "sg-send" }, T.send);
    form.append(label, input, sendButton);
    section.append(header, status, log, typing, form);
    root.replaceChildren(section);

    // ---- rendering (text only) ----
    function appendRich(parent, text) {
      let last = 0;
      for (const match of text.matchAll(LINK)) {
        let url = match[2] || match[3];
        let end = match.index + match[0].length;
        if (!match[2]) {
          const trailing = /[.,;:!?)]+$/.exec(url); // "se https://x.se." ends the sentence, not the link
          if (trailing) {
            url = url.slice(0, -trailing[0].length);
            end -= trailing[0].length;
          }
        }
        const href = safeHref(url);
        if (!href) continue;
        parent.append(text.slice(last, match.index));
        const link = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, match[1] || url);
        link.append(el("span", { class: "sg-sr" }, T.newWindow));
        parent.append(link);
        last = end;
      }
      parent.append(text.slice(last));
    }

    function addMessage(from, text, buttons) {
      if (from === "user") removeChoices();
      const item = el("div", { class: "sg-msg sg-msg--" + from });
      item.append(el("span", { class: "sg-sr" }, from === "bot" ? T.bot : T.you));
      const body = el("span", { class: "sg-body" });
      appendRich(body, text);
      item.append(body);
      log.append(item);
      if (buttons && buttons.length) addChoices(buttons);
      state.messages.push({ from: from, text: text, buttons: buttons || [] });
      save();
      return item;
    }

    function addChoices(buttons) {
      removeChoices();
      const group = el("div", { class: "sg-choices", role: "group", "aria-label": T.choices });
      for (const button of buttons) {
        const text = String(button.title ?? button.payload ?? "");
        const payload = String(button.payload ?? button.title ?? "");
        if (!text || !payload) continue;
        const choice = el("button", { type: "button", class: "sg-choice" }, text);
        choice.addEventListener("click", () => choose(text, payload));
        group.append(choice);
      }
      log.append(group);
    }

    function removeChoices() {
      log.querySelectorAll(".sg-choices").forEach((group) => group.remove());
    }

    function scrollToNew(item) {
      // A long answer is read from its start: keep the question and the start of the reply in view.
      const start = state.turnStart || item;
      const question = state.lastUser && state.lastUser.isConnected ? state.lastUser : null;
      const top = question && start.offsetTop - question.offsetTop < log.clientHeight / 2 ? question : start;
      log.scrollTop = Math.min(log.scrollHeight, top.offsetTop - 8);
    }

    function resetLog() {
      log.replaceChildren(el("p", { class: "sg-privacy" }, T.privacy));
      state.messages = [];
      save();
    }

    function setStatus(text, clearAfterMs) {
      status.textContent = text;
      if (clearAfterMs) setTimeout(() => status.textContent === text && (status.textContent = ""), clearAfterMs);
    }

    // ---- sending, one message at a time ----
    function canSend() {
      return Boolean(state.socket && state.socket.connected && state.confirmed);
    }

    function send(payload, shown) {
      payload = payload.trim();
      if (!payload) return;
      removeChoices();
      const item = shown === null ? null : addMessage("user", shown || payload);
      if (item) {
        state.lastUser = item;
        log.scrollTop = log.scrollHeight;
      }
      state.outbox.push({ payload: payload, item: item });
      pump();
    }

    function pump() {
      if (!canSend()) {
        if (!state.offline) return;
        for (const { item } of state.outbox) {
          if (item && !item.querySelector(".sg-queued")) item.append(el("span", { class: "sg-queued" }, T.queued));
        }
        return;
      }
      if (state.inFlight || !state.outbox.length) return;
      const next = state.outbox.shift();
      if (next.item) next.item.querySelectorAll(".sg-queued").forEach((note) => note.remove());
      state.socket.emit("user_uttered", { message: next.payload, session_id: state.sessionId });
      state.inFlight = true;
      state.turnStart = null;
      typing.hidden = false;
      clearTimeout(state.replyTimer);
      state.replyTimer = setTimeout(settle, next.noReply ? cfg.settleMs : cfg.replyTimeoutMs);
    }

    function settle() {
      clearTimeout(state.replyTimer);
      clearTimeout(state.settleTimer);
      state.inFlight = false;
      state.discard = false;
      typing.hidden = true;
      pump();
    }

    function onBotMessage(data) {
      if (state.inFlight) {
        clearTimeout(state.replyTimer);
        clearTimeout(state.settleTimer);
        state.settleTimer = setTimeout(settle, cfg.settleMs);
      }
      if (state.discard || !data || typeof data !== "object") return;
      const text = typeof data.text === "string" ? data.text : "";
      const raw = Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons;
      const buttons = Array.isArray(raw) ? raw.filter((b) => b && typeof b === "object") : [];
      if (!text && !buttons.length) return;
      typing.hidden = true;
      const item = addMessage("bot", text, buttons);
      if (!state.turnStart) state.turnStart = item;
      scrollToNew(item);
    }

    function choose(text, payload) {
      if (cfg.restartPayloads.includes(payload)) return restart();
      send(payload, text);
      input.focus();
    }

    // ---- Börja om, Lämna snabbt ----
    function restart() {
      // Rasa's own /restart wipes the conversation and answers nothing; then greet as on a new page.
      state.outbox = [{ payload: "/restart", item: null, noReply: true }];
      if (cfg.initPayload) state.outbox.push({ payload: cfg.initPayload, item: null });
      state.discard = state.inFlight;
      input.value = "";
      resetLog();
      pump();
      input.focus();
    }

    function leave() {
      if (canSend()) state.socket.emit("user_uttered", { message: "/restart", session_id: state.sessionId });
      state.outbox = [];
      state.messages = [];
      log.replaceChildren();
      input.value = "";
      clearSaved();
      window.location.replace(cfg.exitUrl); // replace: Back does not return to the chat
    }

    // ---- persist (off by default): sessionStorage, gone when the tab closes ----
    function loadSaved() {
      try {
        return JSON.parse(sessionStorage.getItem(STORE_KEY));
      } catch (error) {
        return null;
      }
    }

    function save() {
      if (!cfg.persist) return;
      try {
        sessionStorage.setItem(STORE_KEY, JSON.stringify({ sessionId: state.sessionId, messages: state.messages }));
      } catch (error) {
        /* storage full or blocked: the chat works without it */
      }
    }

    function clearSaved() {
      try {
        if (cfg.persist) sessionStorage.removeItem(STORE_KEY);
      } catch (error) {
        /* nothing kept */
      }
    }

    // ---- events ----
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value;
      if (!text.trim()) return;
      input.value = "";
      if (text.trim().toLowerCase() === "/restart") return restart();
      send(text, text.trim());
    });
    restartButton.addEventListener("click", restart);
    exitButton.addEventListener("click", leave);

    function connect() {
      const server = new URL(cfg.serverUrl || BASE || window.location.href, window.location.href).origin;
      const socket = window.io(server, { path: cfg.socketPath, reconnectionDelayMax: 5000 });
      state.socket = socket;
      socket.on("connect", () => {
        state.confirmed = false;
        socket.emit("session_request", { session_id: state.sessionId });
      });
      socket.on("session_confirm", () => {
        state.confirmed = true;
        state.offline = false;
        setStatus(state.everConnected ? T.reconnected : "", 4000);
        state.everConnected = true;
        pump();
      });
      socket.on("disconnect", (reason) => {
        state.confirmed = false;
        state.offline = true;
        clearTimeout(state.replyTimer);
        clearTimeout(state.settleTimer);
        state.inFlight = false;
        typing.hidden = true;
        setStatus(T.reconnecting);
        pump(); // marks what waits
        if (reason === "io server disconnect") socket.connect(); // the client retries every other case
      });
      socket.on("connect_error", () => {
        state.offline = true;
        setStatus(state.everConnected ? T.reconnecting : T.offline);
        pump(); // marks what waits
      });
      socket.on("bot_uttered", onBotMessage);
    }

    // ---- start ----
    resetLog();
    if (saved && Array.isArray(saved.messages) && saved.messages.length) {
      for (const m of saved.messages) {
        if (m && (m.from === "bot" || m.from === "user") && typeof m.text === "string") {
          addMessage(m.from, m.text, m.from === "bot" ? m.buttons : []);
        }
      }
      log.scrollTop = log.scrollHeight;
    } else if (cfg.initPayload) {
      state.outbox.push({ payload: cfg.initPayload, item: null });
    }
    if (typeof window.io === "function") {
      connect();
    } else {
      loadScript(BASE + "vendor/socket.io.min.js").then(connect, () => setStatus(T.loadFailed));
    }
  }

  function start() {
    const cfg = readConfig();
    let root = document.querySelector(cfg.container);
    if (!root) {
      root = el("div", { id: "stodguiden-chat" });
      document.body.append(root);
    }
    loadStyles();
    Chat(root, cfg);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
