/*
 * search-ja.js: our search worker. It wraps Material's own search worker (Lunr.js) without changing it,
 * so that queries typed without spaces find Japanese pages, and results come in the reader's language.
 *
 * How it is loaded: overrides/main.html ({% block config %}) points `__config.search` at this file with a
 * fragment `#lang=<page language>&material=<Material's worker file name>`. This file must sit next to
 * Material's worker (assets/javascripts/workers/) because Material's worker loads ../lunr/* relative to it.
 * hooks/search/ fails the build when a page does not point here or names a Material worker that the
 * site does not contain (a Material upgrade renames it).
 *
 * Protocol (Material's, unchanged): the page posts {type: 0 SETUP, data: {config, docs, options}} and
 * {type: 2 QUERY, data: "query"}; the worker answers {type: 1 READY} and {type: 3 RESULT, data: {items}}.
 * We capture Material's "message" listener and its postMessage replies, and in between:
 *   SETUP  - after Material built its Lunr index, read the index vocabulary (all indexed tokens), and turn
 *            off Material's own Han re-segmentation of queries (it uses `token in invertedIndex`).
 *   QUERY  - normalize the query (NFKC: full-width Latin to ASCII, half-width kana to full-width; drop
 *            Lunr operators and punctuation), split every Japanese run into index tokens by dynamic
 *            programming over the vocabulary (so "カスタム環境" becomes "カスタム 環境"), drop particles
 *            ("の", "を", "について"...), strip an English plural/-ing when only the stem is indexed; split
 *            Latin words typed glued together where the case or script changes ("VSCode", "Python3.12",
 *            "SDKv2") or into index words, and join two words the index holds as one ("data store"); a
 *            query so joined is searched as typed too ("job status": job + status, or jobstatus).
 *            The rewritten query goes through Material's normal pipeline, so result highlighting and the
 *            `?h=` highlighting on the target page see the same words.
 *   RESULT - put the page language's results first (other languages follow, still reachable by scrolling).
 *
 * Runs in a real Worker (http) and under the offline bundle's file:// shim (iframe-worker, see hooks/offline/):
 * there `importScripts` returns a Promise (Material's worker awaits it too), messages that arrive before
 * Material's worker is loaded are queued, this script finds its own URL from `document.currentScript`
 * (inside the iframe `location` is the page's), and the shim's `?<timestamp>` suffix after the fragment is
 * ignored. Material's worker then finds ../lunr from the first `script[src]`, which is this file: same folder.
 * Test hook: `self.__searchJa` exposes the pure functions (tests/test_search.py runs them in Chromium).
 */
(function () {
  "use strict"

  var g = self
  var TYPE = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3 }

  /* ---------------------------------------------------------------- options from our own URL */
  function ownUrl() {
    if (typeof document !== "undefined") {
      var s = document.currentScript ||
        document.querySelector("script[src*='search-ja.js']")
      if (s && s.src) return s.src
    }
    return String(g.location && g.location.href)
  }
  var url = ownUrl()
  var params = new URLSearchParams((url.split("#")[1] || ""))
  var materialFile = (params.get("material") || "").split("?")[0]
  var pageLang = (params.get("lang") || "").split("?")[0]

  /* ---------------------------------------------------------------- query normalization (pure) */
  var JA = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\u30fc\u3005\u3006"  // kanji, kana, ー, 々, 〆
  var RE_JA_RUN = new RegExp("[" + JA + "]+|[^" + JA + "]+", "gu")
  var RE_JA = new RegExp("[" + JA + "]", "u")
  var RE_HIRAGANA_ONLY = /^\p{sc=Hiragana}+$/u
  var PARTICLES = new Set(("の を に は が で と へ や も か な ね よ ぞ だ て た し から まで より " +
    "って とは では には での への との からの までの について における による により にて として " +
    "ため ための こと もの など および または また する します した して される され できる できます " +
    "です ます ある いる ない よう どう なに なん どの どれ いつ どこ かた").split(" "))

  var PARTICLE_PREFIXES = new Set()
  PARTICLES.forEach(function (w) { for (var k = 1; k < w.length; k++) PARTICLE_PREFIXES.add(w.slice(0, k)) })
  var MAX_WORDS = 24

  /** NFKC, Lunr operators and punctuation to spaces, letter case kept; keeps letters, digits, "_" and "3.10". */
  function clean(query) {
    return String(query).normalize("NFKC")
      .replace(/[^\p{L}\p{N}\p{M}_.\s]+/gu, " ")
      .replace(/\.(?!\p{N})|(?<!\p{N})\./gu, " ")
      .replace(/\s+/g, " ").trim()
  }

  /** NFKC, lower case, Lunr operators and punctuation to spaces; keeps letters, digits, "_" and "3.10". */
  function normalize(query) {
    return clean(query).toLowerCase()
  }

  /**
   * The parts of a Latin word typed glued together, split where the letter case or the script changes:
   * "VSCode" -> VS Code, "Python3.12" -> Python 3.12, "SDKv2" -> SDK v2, "DataLakeStorageGen2" -> Data Lake
   * Storage Gen 2. A version such as "v2" or "3.12" stays one part.
   */
  var RE_GLUED = /v\d+(?:\.\d+)*(?![\p{L}])|\d+(?:\.\d+)*|\p{Lu}+(?=\p{Lu}\p{Ll}{2})|\p{Lu}?\p{Ll}+|\p{Lu}+|[^\p{L}\p{N}]+|./gu
  // the other reading of capitals before a lower-case run: "MLflow" -> ML flow (the index decides which holds)
  var RE_GLUED_CAPS = /v\d+(?:\.\d+)*(?![\p{L}])|\d+(?:\.\d+)*|\p{Lu}+|\p{Ll}+|[^\p{L}\p{N}]+|./gu
  function glued(word, caps) {
    return (String(word).match(caps ? RE_GLUED_CAPS : RE_GLUED) || []).filter(function (p) { return /[\p{L}\p{N}]/u.test(p) })
  }

  /** Short forms readers type for words the pages spell out (only used when the index lacks the short form). */
  var SHORT_FORMS = { vs: ["visual", "studio"], vscode: ["visual", "studio", "code"] }

  /** Sorted vocabulary with a prefix test (binary search). */
  function Vocabulary(tokens) {
    this.tokens = Array.from(new Set(tokens)).sort()
    this.exact = new Set(this.tokens)
  }
  Vocabulary.prototype.has = function (s) { return this.exact.has(s) }
  Vocabulary.prototype.hasPrefix = function (s) {
    var a = this.tokens, lo = 0, hi = a.length
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < s) lo = mid + 1; else hi = mid }
    return lo < a.length && a[lo].startsWith(s)
  }

  /** Split a run of Japanese text into the fewest index tokens (or token prefixes); unknown text stays. */
  function segment(run, vocab) {
    var chars = Array.from(run), n = chars.length, MAX = 24
    var cost = new Array(n + 1).fill(Infinity), prev = new Array(n + 1).fill(-1)
    cost[0] = 0
    for (var i = 0; i < n; i++) {
      if (cost[i] === Infinity) continue
      var s = ""
      for (var j = i + 1; j <= Math.min(n, i + MAX); j++) {
        s += chars[j - 1]
        // particles count as words even where the index lacks them, so that they can be dropped afterwards
        var c = vocab.has(s) || PARTICLES.has(s) ? 1 : vocab.hasPrefix(s) ? 1.25 : (j === i + 1 ? 4 : Infinity)
        if (c === Infinity && !PARTICLE_PREFIXES.has(s)) break   // no longer word can match either
        if (cost[i] + c < cost[j]) { cost[j] = cost[i] + c; prev[j] = i }
      }
    }
    var parts = []
    for (var k = n; k > 0; k = prev[k]) parts.unshift(chars.slice(prev[k], k).join(""))
    // glue consecutive unknown single characters back together ("未知語" stays one missing term)
    var out = []
    for (var p = 0; p < parts.length; p++) {
      var unknown = !vocab.hasPrefix(parts[p]) && !PARTICLES.has(parts[p])
      if (unknown && out.length && out[out.length - 1].unknown)
        out[out.length - 1].text += parts[p]
      else
        out.push({ text: parts[p], unknown: unknown })
    }
    return out.map(function (o) { return o.text })
  }

  /** English: "clusters" -> "cluster", "deploying" -> "deploy" when only the stem is indexed. */
  function stem(word, vocab) {
    if (vocab.hasPrefix(word)) return word
    var rules = [[/ies$/, "y"], [/s$/, ""], [/es$/, ""], [/ing$/, ""], [/ing$/, "e"], [/ed$/, ""], [/ed$/, "e"]]
    var candidates = rules.filter(function (rule) { return rule[0].test(word) })
      .map(function (rule) { return word.replace(rule[0], rule[1]) })
      .filter(function (candidate) { return candidate.length > 2 })
    // an indexed word first ("workspaces" -> "workspace", not "workspac"), else a prefix of one
    return candidates.filter(function (c) { return vocab.has(c) })[0] ||
      candidates.filter(function (c) { return vocab.hasPrefix(c) })[0] || word
  }

  /**
   * A Latin word (letter case as typed): as typed, or its stem; else, typed glued together, its parts where the
   * case or script changes ("SDKv2" -> sdk v2), or the index words it splits into ("datalakestorage"), or a
   * short form's words ("vscode" -> visual studio code).
   */
  function latin(word, vocab) {
    var lower = word.toLowerCase()
    var stemmed = stem(lower, vocab)
    if (vocab.hasPrefix(stemmed)) return [stemmed]
    var known = function (parts) {
      return parts.length > 1 && parts.every(function (part) { return vocab.hasPrefix(part) && (part.length > 1 || /\d/.test(part)) })
    }
    var expand = function (parts) {
      var out = []
      parts.forEach(function (part) {
        if (!vocab.has(part) && SHORT_FORMS[part]) out.push.apply(out, SHORT_FORMS[part]); else out.push(part)
      })
      return out
    }
    var readings = [glued(word), glued(word, true)].map(function (split) {
      return split.map(function (part) { return stem(part.toLowerCase(), vocab) })
    })
    for (var r = 0; r < readings.length; r++) {
      if (known(readings[r])) return readings[r]
      if (known(expand(readings[r]))) return expand(readings[r])
    }
    if (SHORT_FORMS[lower] && known(SHORT_FORMS[lower])) return SHORT_FORMS[lower]
    if (lower.length >= 4 || /\d/.test(lower)) {
      var segmented = segment(lower, vocab)
      if (known(segmented)) return segmented
    }
    return [stemmed]
  }

  /** Adjacent Latin words that the index holds as one word ("data store" -> datastore) become that word. */
  function joinWords(words, vocab) {
    var out = []
    for (var i = 0; i < words.length; i++) {
      var next = words[i + 1]
      if (next && /^[a-z]+$/.test(words[i]) && /^[a-z]+$/.test(next) && vocab.has(words[i] + next)) {
        out.push(words[i] + next)
        i++
      } else out.push(words[i])
    }
    return out
  }

  /**
   * The query Material's pipeline receives: space-separated index words, particles and stop words dropped.
   * With `join` false, two words the index also holds as one stay apart (onQuery searches both readings).
   */
  function rewrite(query, vocab, isStopWord, join) {
    var words = []
    clean(query).split(" ").forEach(function (word) {
      (word.match(RE_JA_RUN) || []).forEach(function (run) {
        if (RE_JA.test(run)) {
          var parts = segment(run.toLowerCase(), vocab).filter(function (part) {
            return !(RE_HIRAGANA_ONLY.test(part) && PARTICLES.has(part))
          })
          words.push.apply(words, parts)
        } else {
          var latinWords = []
          run.split(/[_.]*\s+|^[_.]+|[_.]+$/).forEach(function (w) { if (w) latinWords.push.apply(latinWords, latin(w, vocab)) })
          words.push.apply(words, latinWords)
        }
      })
    })
    if (join !== false) words = joinWords(words, vocab)
    words = Array.from(new Set(words)).slice(0, MAX_WORDS)   // a pasted paragraph stays a quick query
    // English stop words ("what is a workspace") only when other words remain
    var content = isStopWord ? words.filter(function (w) { return !isStopWord(w) }) : words
    return (content.length ? content : words).join(" ")
  }

  /** Language of a result location: the first path segment if it is a non-default language code. */
  function languageOf(location, prefixed, defaultLang) {
    var first = String(location).split("/")[0]
    return prefixed.indexOf(first) >= 0 ? first : defaultLang
  }

  /** Stable partition: groups in `lang` first. */
  function orderByLanguage(items, lang, prefixed, defaultLang) {
    if (!lang) return items
    var mine = [], others = []
    items.forEach(function (group) {
      var loc = group[0] && group[0].location
      ;(languageOf(loc || "", prefixed, defaultLang) === lang ? mine : others).push(group)
    })
    return mine.concat(others)
  }

  /**
   * Every page needs its article entry (location without "#") before its sections: Material groups results
   * by it. static-i18n drops a translated page's article when its title and text equal the default
   * language's (e.g. "CLI" with empty text), and Material then renders a result linking to "undefined".
   * Put back an article titled like the page's first section.
   */
  function repairArticles(docs) {
    var articles = new Set()
    docs.forEach(function (doc) { if (String(doc.location).indexOf("#") < 0) articles.add(String(doc.location)) })
    var out = []
    docs.forEach(function (doc) {
      var path = String(doc.location).split("#")[0]
      if (!articles.has(path)) {
        articles.add(path)
        out.push({ location: path, title: doc.title, text: "" })
      }
      out.push(doc)
    })
    return out
  }

  g.__searchJa = {
    repairArticles: repairArticles, shareTerms: shareTerms,
    normalize: normalize, segment: segment, rewrite: rewrite, readings: readings, stem: stem, latin: latin, glued: glued,
    Vocabulary: Vocabulary, orderByLanguage: orderByLanguage, state: null
  }

  /* ---------------------------------------------------------------- wrapping Material's worker */
  var materialListener = null
  var nativeAdd = g.addEventListener.bind(g)
  var nativePost = g.postMessage.bind(g)
  g.addEventListener = function (type, fn, options) {
    if (type === "message" && !materialListener) { materialListener = fn; return }
    return nativeAdd(type, fn, options)
  }

  var capture = null                      // resolver for Material's next reply
  g.postMessage = function (message) {
    if (capture) { var c = capture; capture = null; c(message) }
    else nativePost(message)
  }

  var state = { vocab: new Vocabulary([]), prefixed: [], defaultLang: "", lang: pageLang, index: null,
    isStopWord: null }
  g.__searchJa.state = state
  var chain = Promise.resolve()           // one message at a time, in order
  function material(message) {
    return new Promise(function (resolve, reject) {
      capture = resolve
      // Material's listener is async: if its handler throws, no reply comes; fail instead of waiting forever
      Promise.resolve(materialListener({ data: message })).then(null, function (err) {
        if (capture === resolve) { capture = null; reject(err) }
      })
    })
  }

  function onSetup(message) {
    var config = message.data.config, docs = repairArticles(message.data.docs || [])
    message = { type: message.type, data: Object.assign({}, message.data, { docs: docs }) }
    state.prefixed = config.lang.filter(function (code) {
      return docs.some(function (doc) { return String(doc.location).indexOf(code + "/") === 0 })
    })
    state.defaultLang = config.lang.filter(function (code) { return state.prefixed.indexOf(code) < 0 })[0] || ""
    return material(message).then(function (reply) {
      var index = state.index
      if (index) {
        state.vocab = new Vocabulary(Object.keys(index.invertedIndex))
        if (g.lunr && g.lunr.stopWordFilter)   // Lunr's English list; returns undefined for a stop word
          state.isStopWord = function (w) { return /^[a-z]+$/.test(w) && !g.lunr.stopWordFilter(new g.lunr.Token(w)) }
        // Material re-segments Han runs with `value in invertedIndex`; our rewrite already did it
        index.invertedIndex = new Proxy(index.invertedIndex, { has: function () { return false } })
      }
      return reply
    })
  }

  /** Pages that contain every word (of any reading) come first, then pages that contain some (Material alone ORs words). */
  function mergeResults(replies) {
    var seen = new Set(), items = []
    replies.forEach(function (reply) {
      ((reply && reply.data && reply.data.items) || []).forEach(function (group) {
        var key = group[0] && group[0].location
        if (!seen.has(key)) { seen.add(key); items.push(group) }
      })
    })
    return items
  }

  /**
   * Material adds a page's article with no terms when only its sections matched; its link then carries an
   * empty `?h=` and the page opens without highlighting. Give it the words its sections matched.
   */
  function shareTerms(items) {
    items.forEach(function (group) {
      var matched = {}
      group.forEach(function (item) {
        Object.keys(item.terms || {}).forEach(function (term) { if (item.terms[term]) matched[term] = true })
      })
      group.forEach(function (item) {
        if (!item.terms || Object.keys(item.terms).length === 0) item.terms = Object.assign({}, matched)
      })
    })
    return items
  }

  /**
   * The readings of a query: its words with two words the index holds as one joined ("data store" ->
   * datastore), and, when that joined any, its words as typed ("job status" is also job + status: the
   * English page says "status" and "KnownJobStatus", the Japanese one "JobStatus").
   */
  function readings(query, vocab, isStopWord) {
    var split = function (text) { return text.split(" ").filter(Boolean) }
    var joined = split(rewrite(query, vocab, isStopWord))
    var apart = split(rewrite(query, vocab, isStopWord, false))
    return apart.join(" ") === joined.join(" ") ? [joined] : [joined, apart]
  }

  function onQuery(message) {
    var variants = readings(message.data, state.vocab, state.isStopWord)
    var any = Array.from(new Set([].concat.apply([], variants))).join(" ")
    // each reading's pages with every word first, the joined reading's first (a one-word reading is its
    // word; one reading of one word needs only the query below)
    var every = variants.length > 1 ? variants : variants.filter(function (words) { return words.length > 1 })
    // one query at a time (material() captures the next reply)
    var all = every.reduce(function (done, words) {
      return done.then(function (replies) {
        var query = words.length > 1 ? words.map(function (w) { return "+" + w + "*" }).join(" ") : words.join(" ")
        return material({ type: TYPE.QUERY, data: query }).then(function (reply) { return replies.concat([reply]) })
      })
    }, Promise.resolve([]))
    return all.then(function (replies) {
      return material({ type: TYPE.QUERY, data: any }).then(function (reply) {
        if (!reply || reply.type !== TYPE.RESULT) return reply
        var items = mergeResults(replies.concat([reply]))
        reply.data = Object.assign({}, reply.data, {
          items: shareTerms(orderByLanguage(items, state.lang, state.prefixed, state.defaultLang))
        })
        return reply
      })
    })
  }

  function handle(message) {
    chain = chain.then(function () {
      if (!materialListener) throw new Error("search-ja: Material's search worker did not load")
      if (message && message.type === TYPE.SETUP) return onSetup(message)
      if (message && message.type === TYPE.QUERY) return onQuery(message)
      throw new TypeError("search-ja: unknown message " + JSON.stringify(message && message.type))
    }).then(function (reply) {
      if (reply) nativePost(reply)
    }, function (err) {
      console.error(err)
      if (message && message.type === TYPE.QUERY) nativePost({ type: TYPE.RESULT, data: { items: [] } })
    })
  }

  var queue = [], loaded = false
  nativeAdd("message", function (ev) {
    if (loaded) handle(ev.data); else queue.push(ev.data)
  })

  function afterLoad() {
    var lunr = g.lunr
    if (lunr && lunr.Builder) {
      var build = lunr.Builder.prototype.build
      lunr.Builder.prototype.build = function () {
        var index = build.apply(this, arguments)
        state.index = index
        return index
      }
    }
    loaded = true
    queue.splice(0).forEach(handle)
  }

  if (!materialFile) {
    console.error("search-ja: no '#material=' worker file in " + url)
  } else {
    var loading = importScripts(new URL(materialFile, url).href)
    if (loading && typeof loading.then === "function") loading.then(afterLoad)
    else afterLoad()
  }
})()
