// A local stand-in for Shopify's App Bridge (cdn.shopify.com/shopifycloud/app-bridge.js), served
// at /demo/app-bridge.js in DEMO_MODE only, so the embedded app runs outside the Shopify admin
// with its server code unchanged. It does what the real script does for this app:
// - window.shopify.idToken(): a session token (JWT HS256), here minted by /demo/session-token;
// - same-origin fetch() gets `Authorization: Bearer <token>`, retried once with a fresh token
//   when the server answers X-Shopify-Retry-Invalid-Session-Request;
// - the bounce page (?shopify-reload=…) reloads the app with a fresh id_token;
// - <ui-nav-menu> renders as the admin's navigation, shopify.toast.show() as a toast.
// Everything it adds to the page lives in shadow DOM, so React's hydration never sees it.
(function () {
  "use strict";
  var script = document.currentScript;
  var apiKey = (script && script.getAttribute("data-api-key")) || "";
  var params = new URLSearchParams(location.search);
  var SHOP_KEY = "radar-demo-shop";
  var shop = params.get("shop") || sessionStorage.getItem(SHOP_KEY) || "";
  if (params.get("shop")) sessionStorage.setItem(SHOP_KEY, shop);
  var host = params.get("host") || "";
  var nativeFetch = window.fetch.bind(window);
  var cached = null; // { token, exp (ms) }
  var pending = null;

  function mint() {
    if (!pending) {
      pending = nativeFetch("/demo/session-token?shop=" + encodeURIComponent(shop), {
        headers: { accept: "application/json" },
        cache: "no-store",
      })
        .then(function (res) {
          if (!res.ok) throw new Error("demo session token: HTTP " + res.status);
          return res.json();
        })
        .then(function (body) {
          cached = { token: body.token, exp: body.exp * 1000 };
          return body.token;
        })
        .finally(function () {
          pending = null;
        });
    }
    return pending;
  }

  function idToken(fresh) {
    // Tokens live a minute, like Shopify's; renew when fewer than 10 s remain.
    if (!fresh && cached && cached.exp - Date.now() > 10000) return Promise.resolve(cached.token);
    return mint();
  }

  function sameOrigin(input) {
    var url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    try {
      var u = new URL(url, location.href);
      return u.origin === location.origin && u.pathname.indexOf("/demo/") !== 0;
    } catch {
      return false;
    }
  }

  function withToken(input, init, token) {
    var headers = new Headers(
      (init && init.headers) || (input instanceof Request ? input.headers : undefined),
    );
    if (!headers.has("authorization")) headers.set("authorization", "Bearer " + token);
    return [input, Object.assign({}, init, { headers: headers })];
  }

  window.fetch = function (input, init) {
    if (!shop || !sameOrigin(input)) return nativeFetch(input, init);
    var retry = input instanceof Request ? input.clone() : input;
    return idToken(false).then(function (token) {
      var args = withToken(input, init, token);
      return nativeFetch(args[0], args[1]).then(function (res) {
        if (res.headers.get("x-shopify-retry-invalid-session-request") !== "1") return res;
        return idToken(true).then(function (fresh) {
          var again = withToken(retry, init, fresh);
          return nativeFetch(again[0], again[1]);
        });
      });
    });
  };

  // ── Toasts and navigation, drawn in the nav menu's shadow root ──────────────────────────
  var toastLayer = null;
  function toastHost() {
    if (toastLayer && toastLayer.isConnected) return toastLayer;
    var menu = document.querySelector("ui-nav-menu");
    if (menu && menu.shadowRoot) toastLayer = menu.shadowRoot.querySelector(".toasts");
    return toastLayer;
  }

  var toastSeq = 0;
  var toast = {
    show: function (message, opts) {
      var id = "toast-" + ++toastSeq;
      var layer = toastHost();
      if (!layer) {
        console.info("[demo app bridge] toast:", message);
        return id;
      }
      var el = document.createElement("div");
      el.className = "toast" + (opts && opts.isError ? " error" : "");
      el.id = id;
      el.setAttribute("role", "status");
      el.textContent = String(message);
      layer.appendChild(el);
      setTimeout(
        function () {
          el.remove();
        },
        (opts && opts.duration) || 5000,
      );
      return id;
    },
    hide: function (id) {
      var layer = toastHost();
      var el = layer && layer.querySelector("#" + id);
      if (el) el.remove();
    },
  };

  var NAV_CSS =
    ":host{display:block;position:sticky;top:0;z-index:500;font:13px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif}" +
    ".bar{display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#1a1a1a;color:#e3e3e3}" +
    ".brand{font-weight:650;white-space:nowrap}.shop{opacity:.7;white-space:nowrap}" +
    ".badge{font-size:11px;padding:2px 6px;border-radius:8px;background:#ffd79d;color:#4f2f00;font-weight:600}" +
    "nav{display:flex;gap:4px;overflow-x:auto;flex:1}" +
    "::slotted(a){color:#e3e3e3;text-decoration:none;padding:6px 10px;border-radius:8px;white-space:nowrap}" +
    "::slotted(a:hover){background:#303030}::slotted(a:focus-visible){outline:2px solid #8ab4ff;outline-offset:1px}" +
    "::slotted(a[rel=home]){font-weight:600}" +
    ".toasts{position:fixed;bottom:24px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:1000}" +
    ".toast{background:#1a1a1a;color:#fff;padding:12px 16px;border-radius:10px;box-shadow:0 4px 16px rgba(0,0,0,.25);max-width:480px}" +
    ".toast.error{background:#8e1f0b}" +
    ".loading{position:absolute;left:0;top:0;height:3px;width:0;background:#8ab4ff;transition:width 2s ease-out}" +
    ".loading.on{width:80%}";

  function currentStyle(root) {
    var style = root.querySelector("style.current");
    var path = location.pathname.replace(/\/+$/, "") || "/";
    style.textContent =
      '::slotted(a[href="' + path.replace(/["\\]/g, "") + '"]){background:#303030;color:#fff}';
  }

  if (!customElements.get("ui-nav-menu")) {
    customElements.define(
      "ui-nav-menu",
      class extends HTMLElement {
        connectedCallback() {
          if (this.shadowRoot) return;
          var root = this.attachShadow({ mode: "open" });
          root.innerHTML =
            "<style>" +
            NAV_CSS +
            '</style><style class="current"></style>' +
            '<div class="loading" aria-hidden="true"></div>' +
            '<div class="bar" role="banner"><span class="brand">Shopify admin</span>' +
            '<span class="badge">simulated</span><span class="shop"></span>' +
            '<nav aria-label="App navigation"><slot></slot></nav></div><div class="toasts" aria-live="polite"></div>';
          root.querySelector(".shop").textContent = shop;
          currentStyle(root);
          var update = function () {
            currentStyle(root);
          };
          window.addEventListener("popstate", update);
          ["pushState", "replaceState"].forEach(function (name) {
            var original = history[name];
            history[name] = function () {
              var r = original.apply(this, arguments);
              update();
              return r;
            };
          });
        }
      },
    );
  }

  window.shopify = {
    config: { apiKey: apiKey, shop: shop, host: host, locale: "en" },
    environment: { embedded: true, mobile: false, pos: false },
    origin: location.origin,
    idToken: function () {
      return idToken(false);
    },
    toast: toast,
    // The admin's loading bar above the app; drawn in the nav menu's shadow root here.
    loading: function (on) {
      var menu = document.querySelector("ui-nav-menu");
      var bar = menu && menu.shadowRoot && menu.shadowRoot.querySelector(".loading");
      if (bar) bar.classList.toggle("on", Boolean(on));
    },
    user: function () {
      return Promise.resolve({ accountAccess: "Account owner" });
    },
  };

  // The bounce page: what App Bridge does when the server asks for a fresh session token.
  var reload = params.get("shopify-reload");
  if (reload) {
    idToken(true).then(function (token) {
      var target = new URL(reload, location.href);
      if (target.origin !== location.origin) return;
      target.searchParams.set("id_token", token);
      location.replace(target.href);
    });
  }
})();
