/* The phone page's service worker: a reload with no signal still opens the page.
 *
 * The page itself (/j/CODE) is fetched from the network first and kept; with no answer in a
 * few seconds, the kept copy is shown. Scripts and styles are named by their content (?v=…),
 * so a kept copy is always right: it is served at once, and an older version is dropped.
 * Nothing else is touched: the API and the live connection never go through a cache. */
'use strict';

var CACHE = 'cocrea-phone-1';
var PAGE = /^\/j\/[^/]+$/;
var WAIT_MS = 4000; // on 2G a page can take this long; after it, the kept copy is better

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf('cocrea-') === 0 && n !== CACHE; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The page hands over what it loaded before this worker ran (its first visit).
self.addEventListener('message', function (event) {
  var files = (event.data && event.data.keep) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(files.filter(mine).map(function (file) {
      return cache.match(file).then(function (hit) {
        return hit || fetch(file, { credentials: 'same-origin' }).then(function (response) {
          if (response.ok) return cache.put(file, response);
        }).catch(function () {});
      });
    }));
  }));
});

function mine(file) {
  try {
    var url = new URL(file);
    return url.origin === self.location.origin && (PAGE.test(url.pathname) || /^\/(static|vendor)\//.test(url.pathname));
  } catch (e) {
    return false;
  }
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && PAGE.test(url.pathname)) {
    event.respondWith(page(event, request));
  } else if (/^\/(static|vendor)\//.test(url.pathname) && url.pathname !== '/static/js/sw.js') {
    event.respondWith(asset(request, url));
  }
});

function page(event, request) {
  var fresh = fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  });
  var kept = function () {
    return caches.open(CACHE).then(function (cache) {
      // The same page in another language or kiosk mode is better than none.
      return cache.match(request).then(function (hit) { return hit || cache.match(request, { ignoreSearch: true }); });
    });
  };
  var late = new Promise(function (resolve) { setTimeout(resolve, WAIT_MS); }).then(kept);
  return Promise.race([
    fresh.catch(function () { return kept(); }),
    late.then(function (hit) { return hit || fresh; }),
  ]).then(function (response) { return response || fresh; });
}

function asset(request, url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit && url.searchParams.has('v')) return hit;
      return fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          cache.put(request, copy).then(function () { return dropOlder(cache, url); });
        }
        return response;
      }).catch(function (error) {
        if (hit) return hit;
        return cache.match(request, { ignoreSearch: true }).then(function (older) {
          if (older) return older;
          throw error;
        });
      });
    });
  });
}

/** A new version of a file replaces the kept one, so the cache never grows past one copy. */
function dropOlder(cache, url) {
  return cache.keys().then(function (requests) {
    return Promise.all(requests.filter(function (r) {
      var kept = new URL(r.url);
      return kept.pathname === url.pathname && kept.search !== url.search;
    }).map(function (r) { return cache.delete(r); }));
  });
}
