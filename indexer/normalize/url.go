package normalize

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// Errors returned by CanonicalURL.
var (
	ErrBadURL = errors.New("normalize: invalid URL")
	ErrScheme = errors.New("normalize: not an http(s) URL")
)

// maxURLLen bounds the links accepted; real article links are far shorter.
const maxURLLen = 8 << 10

// CanonicalURL returns the one form of an article link that Vigie stores and
// derives IDs from, so that the same article reached through different
// links is the same article. raw is resolved against base (the feed's or
// the site's URL) when it is relative; base may be empty for absolute links
// ("//host/path" then means https).
//
// The canonical form:
//   - scheme is https: http and https links to an article are the same
//     article, and news sites serve https (http on a non-default port stays
//     http: that port would not speak TLS);
//   - host is lower case, in ASCII (IDNA), without a trailing dot, the
//     default port, or user info; "www." is kept, it names another host;
//   - path keeps its case and its trailing slash (servers may tell "/a" from
//     "/a/"), with "." and ".." segments resolved, percent-escapes in upper
//     case and unreserved characters unescaped; an empty path is "/"; a
//     final "/amp" segment (the AMP variant of a page) is removed;
//   - query drops tracking parameters (utm_*, fbclid, gclid, mc_cid, xtor,
//     at_* of AT Internet, ns_* of comScore, _hsenc, ref... see
//     isTracking) and the AMP switch "amp"; the others are sorted by name,
//     keeping the order of repeated names; an empty query is dropped;
//   - the fragment is dropped.
//
// Links that are not http(s) (javascript:, data:, mailto:...) fail with
// ErrScheme; unparsable ones, or relative ones without a usable base, with
// ErrBadURL. The feed's literal "&amp;" and white space around or inside
// the link are tolerated.
func CanonicalURL(raw, base string) (string, error) {
	u, err := parseLink(raw)
	if err != nil {
		return "", err
	}
	if !u.IsAbs() {
		if u, err = resolve(u, raw, base); err != nil {
			return "", err
		}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%w: %q", ErrScheme, u.Scheme)
	}
	host, port, err := canonicalHost(u)
	if err != nil {
		return "", err
	}
	// http and https links to an article are the same article, and news
	// sites serve https; but http on a custom port stays http, since the
	// port would not speak TLS.
	scheme := "https://"
	if u.Scheme == "http" && port != "" {
		scheme = "http://"
	}
	var b strings.Builder
	b.Grow(len(raw) + 8)
	b.WriteString(scheme)
	b.WriteString(host)
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	b.WriteString(canonicalPath(u.EscapedPath()))
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	if b.Len() > maxURLLen { // escaping grew it
		return "", fmt.Errorf("%w: longer than %d bytes", ErrBadURL, maxURLLen)
	}
	return b.String(), nil
}

// parseLink cleans up what feeds put around and inside links, then parses.
func parseLink(raw string) (*url.URL, error) {
	s := cleanLink(raw)
	if s == "" {
		return nil, fmt.Errorf("%w: empty", ErrBadURL)
	}
	if len(s) > maxURLLen {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrBadURL, maxURLLen)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	return u, nil
}

// cleanLink trims white space, drops the tabs and newlines browsers ignore
// inside URLs, undoes a literal "&amp;" (a link escaped twice by the feed),
// escapes spaces and stray "%" and, like browsers, reads "\" as "/".
func cleanLink(raw string) string {
	s := strings.TrimSpace(raw)
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	s = strings.ReplaceAll(s, "&amp;", "&")
	if !strings.ContainsAny(s, " %\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			b.WriteString("%20")
		case c == '\\':
			b.WriteByte('/')
		case c == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])):
			b.WriteString("%25")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// resolve resolves the relative link u against base.
func resolve(u *url.URL, raw, base string) (*url.URL, error) {
	if base == "" {
		if u.Host != "" { // "//host/path"
			u.Scheme = "https"
			return u, nil
		}
		return nil, fmt.Errorf("%w: relative link %q without a base", ErrBadURL, raw)
	}
	b, err := parseLink(base)
	if err != nil {
		return nil, fmt.Errorf("base: %w", err)
	}
	if !b.IsAbs() || b.Host == "" {
		return nil, fmt.Errorf("%w: base %q is not absolute", ErrBadURL, base)
	}
	return b.ResolveReference(u), nil
}

// canonicalHost returns u's host in canonical form, and its port unless it
// is the scheme's default.
func canonicalHost(u *url.URL) (host, port string, err error) {
	host = strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", "", fmt.Errorf("%w: no host", ErrBadURL)
	}
	if strings.ContainsRune(host, ':') { // IPv6 literal, in its canonical form
		addr, err := netip.ParseAddr(host)
		if err != nil || !addr.Is6() {
			return "", "", fmt.Errorf("%w: host %q", ErrBadURL, host)
		}
		host = "[" + addr.String() + "]"
	} else if ascii, err := idna.Lookup.ToASCII(host); err == nil {
		host = ascii
	} else if !isASCII(host) {
		return "", "", fmt.Errorf("%w: host %q: %w", ErrBadURL, host, err)
	}
	if !validHost(host) {
		return "", "", fmt.Errorf("%w: host %q", ErrBadURL, host)
	}
	if u.Port() == "" {
		return host, "", nil
	}
	n, err := strconv.Atoi(u.Port())
	if err != nil || n <= 0 || n > 65535 {
		return "", "", fmt.Errorf("%w: port %q", ErrBadURL, u.Port())
	}
	if (u.Scheme == "http" && n == 80) || (u.Scheme == "https" && n == 443) {
		return host, "", nil
	}
	return host, strconv.Itoa(n), nil
}

// validHost reports whether host is a DNS name (letters, digits, "-", "."
// and the "_" some hosts use) or a bracketed IPv6 literal, already checked.
func validHost(host string) bool {
	if strings.HasPrefix(host, "[") {
		return true
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !isUnreserved(c) || c == '~' {
			return false
		}
	}
	return true
}

// canonicalPath normalises an escaped path.
func canonicalPath(p string) string {
	p = removeDotSegments(normalizeEscapes(p))
	if p == "" {
		return "/"
	}
	// The AMP variant of an article: /2025/06/slug/amp/ -> /2025/06/slug/.
	for {
		lower := strings.ToLower(p)
		switch {
		case len(p) > len("/amp/") && strings.HasSuffix(lower, "/amp/"):
			p = p[:len(p)-len("amp/")]
		case len(p) > len("/amp") && strings.HasSuffix(lower, "/amp"):
			p = p[:len(p)-len("/amp")]
		default:
			return p
		}
	}
}

// removeDotSegments resolves "." and ".." segments (RFC 3986, 5.2.4).
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	res := strings.Join(out, "/")
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(res, "/") {
		res = "/" + res
	}
	return res
}

// canonicalQuery drops tracking parameters and sorts the rest by name. Each
// parameter keeps its own encoding, with escapes normalised: re-encoding
// would change what some servers read ("+" versus "%20").
func canonicalQuery(q string) string {
	if q == "" {
		return ""
	}
	type param struct{ name, raw string }
	var params []param
	for _, pair := range strings.Split(q, "&") {
		if pair == "" {
			continue
		}
		rawName, _, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			name = rawName
		}
		if isTracking(strings.ToLower(name)) {
			continue
		}
		params = append(params, param{name, normalizeEscapes(pair)})
	}
	slices.SortStableFunc(params, func(a, b param) int { return strings.Compare(a.name, b.name) })
	raws := make([]string, len(params))
	for i, p := range params {
		raws[i] = p.raw
	}
	return strings.Join(raws, "&")
}

// trackingNames are query parameters that identify a campaign, a click or
// a reader, never the article.
var trackingNames = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true,
	"wbraid": true, "msclkid": true, "yclid": true, "twclid": true, "ttclid": true,
	"li_fat_id": true, "igshid": true, "igsh": true, "mc_cid": true, "mc_eid": true,
	"mkt_tok": true, "_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true,
	"__hssc": true, "__hstc": true, "__hsfp": true, "hsctatracking": true,
	"ref": true, "ref_src": true, "ref_url": true, "referrer": true,
	"cmpid": true, "cmp": true, "xtor": true, "xts": true, "xtref": true,
	"ito": true, "icid": true, "ocid": true, "ncid": true, "smid": true,
	"sr_share": true, "s_cid": true, "s_kwcid": true, "ef_id": true,
	"wt.mc_id": true, "wt_mc": true, "wt.tsrc": true, "spm": true,
	"guccounter": true, "guce_referrer": true, "guce_referrer_sig": true,
	"soc_src": true, "soc_trk": true, "mbid": true, "rb_clickid": true,
	"_openstat": true, "oly_enc_id": true, "oly_anon_id": true,
	"vero_id": true, "vero_conv": true, "amp": true,
}

// trackingPrefixes are families of tracking parameters: Google Analytics
// (utm_), AT Internet (at_, used by French publishers), comScore (ns_),
// Matomo (pk_, mtm_), HubSpot ads (hsa_).
var trackingPrefixes = []string{"utm_", "at_", "ns_", "pk_", "mtm_", "hsa_"}

// isTracking reports whether the lower-cased query parameter name is
// tracking, or the AMP switch.
func isTracking(name string) bool {
	if trackingNames[name] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// normalizeEscapes upper-cases percent-escapes and unescapes those of
// unreserved characters (RFC 3986, 6.2.2): "%7e" and "~" are the same. It
// escapes the bytes that may not appear raw in a URL (non-ASCII, controls,
// space, quotes, angle brackets...).
func normalizeEscapes(s string) string {
	if !needsEscapeWork(s) {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if c := s[i]; mustEscape(c) {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
			continue
		}
		if s[i] != '%' || i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			b.WriteByte(s[i])
			continue
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if isUnreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(upperHex(s[i+1]))
			b.WriteByte(upperHex(s[i+2]))
		}
		i += 2
	}
	return b.String()
}

func needsEscapeWork(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || mustEscape(s[i]) {
			return true
		}
	}
	return false
}

// mustEscape reports whether the byte c may not appear raw in a URL.
func mustEscape(c byte) bool {
	return c <= ' ' || c >= 0x7F || strings.IndexByte("\"<>`{}|\\^", c) >= 0
}

func isUnreserved(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool { return isDigit(c) || isHexLetter(c) }

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return (c | 0x20) - 'a' + 10
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
