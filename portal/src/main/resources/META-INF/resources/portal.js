// The portal works without script; this only tells the server the browser's time zone (cookie oc_tz),
// so that the next page shows times in it.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && /^[A-Za-z0-9_+\-\/]+$/.test(zone) && document.cookie.indexOf('oc_tz=' + zone) < 0) {
      document.cookie = 'oc_tz=' + zone + '; path=/; max-age=31536000; samesite=lax';
    }
  } catch (e) { /* no Intl: the server's default zone stays */ }
})();
