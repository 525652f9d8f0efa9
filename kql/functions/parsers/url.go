package parsers

import (
	"net/url"
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "parse_url", Aliases: []string{"parseurl"}, Kind: functions.Scalar,
			Sig:  "parse_url(url: string): dynamic",
			Doc:  `Splits an absolute URL into {"Scheme", "Host", "Port", "Path", "Username", "Password", "Query Parameters", "Fragment"}; parts that are absent are "".`,
			Bind: stringOnly("parse_url", stringToDynamic("parse_url", func(s string) any { return parseURL(s) })),
		},
		&functions.Func{
			Name: "parse_urlquery", Aliases: []string{"parseurlquery"}, Kind: functions.Scalar,
			Sig: "parse_urlquery(query: string): dynamic",
			Doc: `Parses a URL query ("k1=v1&k2=v2", optionally after a '?') into {"Query Parameters": {...}}; values are URL-decoded.`,
			Bind: stringOnly("parse_urlquery", stringToDynamic("parse_urlquery", func(s string) any {
				if k := strings.IndexByte(s, '?'); k >= 0 {
					s = s[k+1:]
				}
				if k := strings.IndexByte(s, '#'); k >= 0 {
					s = s[:k]
				}
				b := value.NewBag(1)
				b.Set("Query Parameters", parseQuery(s))
				return b
			})),
		},
	)
}

// parseURL splits scheme://user:password@host:port/path?query#fragment.
// Text that is not an absolute URL gives every part empty.
func parseURL(s string) *value.Bag {
	var scheme, user, pass, host, port, path, query, frag string
	if k := strings.Index(s, "://"); k > 0 && validScheme(s[:k]) {
		scheme = s[:k]
		rest := s[k+3:]
		if h := strings.IndexByte(rest, '#'); h >= 0 {
			rest, frag = rest[:h], rest[h+1:]
		}
		if q := strings.IndexByte(rest, '?'); q >= 0 {
			rest, query = rest[:q], rest[q+1:]
		}
		auth := rest
		if sl := strings.IndexByte(rest, '/'); sl >= 0 {
			auth, path = rest[:sl], rest[sl:]
		}
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			user, auth = auth[:at], auth[at+1:]
			if c := strings.IndexByte(user, ':'); c >= 0 {
				user, pass = user[:c], user[c+1:]
			}
		}
		host = auth
		if c := strings.LastIndexByte(auth, ':'); c >= 0 && !strings.Contains(auth[c:], "]") {
			host, port = auth[:c], auth[c+1:]
		}
	}
	b := value.NewBag(8)
	for _, kv := range []struct{ k, v string }{
		{"Scheme", scheme}, {"Host", host}, {"Port", port}, {"Path", path},
		{"Username", user}, {"Password", pass},
	} {
		b.Set(kv.k, strings.Clone(kv.v))
	}
	b.Set("Query Parameters", parseQuery(query))
	b.Set("Fragment", strings.Clone(frag))
	return b
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// parseQuery turns "k1=v1&k2=v2" into a bag of URL-decoded strings; a
// repeated key keeps its last value.
func parseQuery(q string) *value.Bag {
	b := value.NewBag(4)
	for q != "" {
		var pair string
		pair, q, _ = strings.Cut(q, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		b.Set(unescape(k), unescape(v))
	}
	return b
}

// unescape decodes %XX and '+'; the result never aliases s, which may
// point into a column's arena.
func unescape(s string) string {
	if strings.ContainsAny(s, "%+") {
		if u, err := url.QueryUnescape(s); err == nil {
			return u
		}
	}
	return strings.Clone(s)
}
