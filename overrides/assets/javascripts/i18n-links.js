/*
 * i18n-links.js: language links that keep the reader's place, and no stray sitemap requests.
 * Loaded in <head> before Material's bundle (overrides/main.html, block libs); no network access.
 *
 * 1. Same section after a language switch. static-i18n points the language selector at the same page
 *    in the other language; headings carry the same ids in every language, so we add the current
 *    section's fragment to the link when it is clicked: location.hash, or else the table of contents
 *    entry Material marks as active while the reader scrolls.
 *
 * 2. Material 9 reads every <link rel="alternate"> in the head and requests "sitemap.xml" next to each
 *    one, to map the pages of each language (it expects those links to be language roots, each with its
 *    own sitemap). Our hreflang links name the same page in each language, as search engines want, so
 *    every such request would end in a 404 (or a CORS error under file://) on every page view. We fail
 *    those requests at once without touching the network. Material also intercepts clicks on the
 *    language links to send the reader to such a root; (1) stops that click from reaching Material's
 *    handler, so the browser follows the link itself. No other request or link is affected.
 */
(function () {
  "use strict"

  /* ---------------------------------------------------------------- 2. sitemap requests */
  var blocked = new Set()
  document.querySelectorAll('link[rel="alternate"][hreflang]').forEach(function (link) {
    blocked.add(new URL("sitemap.xml", link.href).href)
  })
  if (blocked.size && typeof XMLHttpRequest !== "undefined") {
    var open = XMLHttpRequest.prototype.open
    var send = XMLHttpRequest.prototype.send
    XMLHttpRequest.prototype.open = function (method, url) {
      try {
        this.__i18nBlocked = blocked.has(new URL(String(url), document.baseURI).href)
      } catch (err) {
        this.__i18nBlocked = false
      }
      return open.apply(this, arguments)
    }
    XMLHttpRequest.prototype.send = function () {
      if (!this.__i18nBlocked) return send.apply(this, arguments)
      var xhr = this
      setTimeout(function () { xhr.dispatchEvent(new ProgressEvent("error")) }, 0)
    }
  }

  /* ---------------------------------------------------------------- 1. same section */
  function currentFragment() {
    if (location.hash.length > 1) return location.hash
    var active = document.querySelector(".md-sidebar--secondary .md-nav__link--active[href^='#']")
    return active ? active.getAttribute("href") : ""
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element && ev.target.closest("a.md-select__link[hreflang]")
    if (!link) return
    // Material's own handler (on <body>) would send the reader to the language root it derives from the
    // head's alternate links, without the trailing slash and the fragment: the browser follows this link.
    ev.stopPropagation()
    var fragment = currentFragment()
    if (!fragment) return
    var target = new URL(link.getAttribute("href"), document.baseURI)
    target.hash = fragment
    link.setAttribute("href", target.href)
  }, true)
})()
