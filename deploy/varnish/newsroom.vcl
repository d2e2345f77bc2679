# Varnish in front of the newsroom's application servers: readers' pages from memory,
# refreshed the moment what they show changes.
#
# The application answers anonymous readers with Cache-Control: public, s-maxage=N (N up to
# the next scheduled article), and names what each page shows in X-Cache-Tags. When content
# changes it sends BAN with the changed tags (settings: NEWSROOM_PURGE_URLS): every page
# carrying one of them is dropped here. Staff (a session cookie) and the desk always pass.
vcl 4.1;

import std;

# The application servers (gunicorn). Several: add backends and a director (see README).
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may ban pages: the application servers.
acl banners {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ banners) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Cache-Tags !~ "^[a-z0-9 -]+$") {
            return (synth(400, "X-Cache-Tags: space-separated tags"));
        }
        # One ban for all the tags: a page goes if it carries any of them. (No spaces and
        # no quotes in the expression: a ban's words are separated by spaces.)
        set req.http.X-Ban = "(^|[[:space:]])(" + regsuball(req.http.X-Cache-Tags, " +", "|")
            + ")([[:space:]]|$)";
        if (std.ban("obj.http.X-Cache-Tags ~ " + req.http.X-Ban)) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);  # logged-in staff always see fresh pages
    }
    unset req.http.Cookie;  # readers' pages read no cookie and set none
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        return (deliver);
    }
    # While a page is refetched after it went stale, keep serving the last copy: one
    # request goes to the application, not every reader's.
    set beresp.grace = 1h;
}

sub vcl_deliver {
    unset resp.http.X-Cache-Tags;
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "HIT";
    } else {
        set resp.http.X-Proxy-Cache = "MISS";
    }
}
