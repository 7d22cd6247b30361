# Varnish 7 in front of the example site (make loadtest-cache; docs/howto/http-cache.md).
#
# * Caches what the site says it may (Cache-Control: public, max-age=…,
#   stale-while-revalidate=…); "private", "no-store", "no-cache" and Set-Cookie are
#   never cached (Varnish's built-in VCL, which runs after each sub below).  A
#   response with no Cache-Control at all keeps Varnish's default_ttl (120 s).
# * Grace: Varnish 7 sets beresp.grace from stale-while-revalidate itself, so a
#   page past its max-age is served at once while one request refreshes it.
# * PURGE from 127.0.0.1 only (Wagtail's frontend cache, HTTPBackend) removes the
#   object of that URL and Host, all its variants (Vary).
# * X-Cache: HIT / HIT-STALE / MISS / PASS on every response, for measuring.
#
# The HTTPS terminator in front sets X-Forwarded-Proto: https (the site redirects
# plain HTTP); with it on this host too, restrict PURGE by another means (its
# client.ip is 127.0.0.1 as well), e.g. a listen address of its own.
vcl 4.1;

# make loadtest-cache replaces the port with its gunicorn's.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
}

sub vcl_recv {
    unset req.http.X-Cache;
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed from " + client.ip));
        }
        return (purge);
    }
    # Only what came over HTTPS is cached: the rest is Django's redirect to HTTPS.
    if (req.http.X-Forwarded-Proto != "https") {
        return (pass);
    }
    # Forms (joining, unsubscribing), the admin, and anything but GET/HEAD: never cached,
    # and they keep their cookies (the session, the CSRF token).
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin/" || req.url ~ "/join/" || req.url ~ "^/kindness/") {
        return (pass);
    }
    # Signed in (a Django session): the pages may show the user's name, the Wagtail
    # userbar, a preview; pass.  Otherwise the public pages read no cookie: drop
    # them (analytics, the CSRF token), so that the request can be cached.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    # Falls through to the built-in vcl_recv (Host, Authorization checks), then hash.
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        set req.http.X-Cache = "HIT";
    } else {
        set req.http.X-Cache = "HIT-STALE";
    }
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
}
