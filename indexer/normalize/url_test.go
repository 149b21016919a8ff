package normalize

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	const base = "https://www.example.com/news/feed.xml"
	tests := []struct {
		name, raw, base, want string
	}{
		{"already canonical", "https://www.lemonde.fr/international/article/2025/06/17/x_123.html", "", "https://www.lemonde.fr/international/article/2025/06/17/x_123.html"},
		{"http becomes https", "http://www.af.mil/News/Article/467875/tap.aspx", "", "https://www.af.mil/News/Article/467875/tap.aspx"},
		{"mixed-case scheme and host", "HTTPS://WWW.Example.COM/Path/To/Page", "", "https://www.example.com/Path/To/Page"},
		{"path case kept", "https://example.com/AbC/dEf", "", "https://example.com/AbC/dEf"},
		{"default http port", "http://example.com:80/a", "", "https://example.com/a"},
		{"default https port", "https://example.com:443/a", "", "https://example.com/a"},
		{"custom port keeps http", "http://example.com:8080/a", "", "http://example.com:8080/a"},
		{"custom https port", "https://example.com:8443/a", "", "https://example.com:8443/a"},
		{"https on port 80", "https://example.com:80/a", "", "https://example.com:80/a"},
		{"empty port", "https://example.com:/a", "", "https://example.com/a"},
		{"trailing dot host", "https://example.com./a", "", "https://example.com/a"},
		{"user info dropped", "https://user:secret@example.com/a", "", "https://example.com/a"},
		{"fragment dropped", "https://example.com/a#comments", "", "https://example.com/a"},
		{"empty path", "https://example.com", "", "https://example.com/"},
		{"empty path with query", "https://example.com?id=3", "", "https://example.com/?id=3"},
		{"trailing slash kept", "https://example.com/a/", "", "https://example.com/a/"},
		{"no trailing slash kept", "https://example.com/a", "", "https://example.com/a"},
		{"dot segments", "https://example.com/a/./b/../c/", "", "https://example.com/a/c/"},
		{"dot segments above root", "https://example.com/../../a", "", "https://example.com/a"},
		{"utm parameters", "https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "", "https://example.com/a"},
		{"tracking mixed with real", "https://example.com/a?fbclid=1&id=42&gclid=2&page=2&mc_cid=3&mc_eid=4", "", "https://example.com/a?id=42&page=2"},
		{"french xtor", "https://www.lemonde.fr/x.html?xtor=RSS-3208", "", "https://www.lemonde.fr/x.html"},
		{"at internet", "https://www.lefigaro.fr/x?at_medium=rss&at_campaign=flux&AT_Platform=x", "", "https://www.lefigaro.fr/x"},
		{"comscore hubspot igshid ref", "https://example.com/a?ns_mchannel=rss&ns_source=x&_hsenc=p2&igshid=z&ref=feed&cmpid=c", "", "https://example.com/a"},
		{"uppercase tracking name", "https://example.com/a?UTM_Source=x&CMP=share_btn_tw", "", "https://example.com/a"},
		{"params sorted", "https://example.com/a?z=1&b=2&a=3", "", "https://example.com/a?a=3&b=2&z=1"},
		{"repeated params keep order", "https://example.com/a?tag=b&id=1&tag=a", "", "https://example.com/a?id=1&tag=b&tag=a"},
		{"empty params dropped", "https://example.com/a?&&id=1&", "", "https://example.com/a?id=1"},
		{"valueless param kept", "https://example.com/?p=123&preview", "", "https://example.com/?p=123&preview"},
		{"amp query", "https://example.com/slug/?amp", "", "https://example.com/slug/"},
		{"amp query value", "https://example.com/slug?amp=1&id=2", "", "https://example.com/slug?id=2"},
		{"amp path", "https://example.com/2025/06/slug/amp/", "", "https://example.com/2025/06/slug/"},
		{"amp path no slash", "https://example.com/2025/06/slug/amp", "", "https://example.com/2025/06/slug"},
		{"amp root stays", "https://example.com/amp", "", "https://example.com/amp"},
		{"escapes upper-cased and unreserved decoded", "https://example.com/a%7e%2fb%41?q=%e9%2D", "", "https://example.com/a~%2FbA?q=%E9-"},
		{"plus kept in query", "https://example.com/search?q=drone+ia", "", "https://example.com/search?q=drone+ia"},
		{"unicode path escaped", "https://example.com/défense", "", "https://example.com/d%C3%A9fense"},
		{"idn host", "https://Bücher.example/x", "", "https://xn--bcher-kva.example/x"},
		{"ipv6 host", "http://[::1]:80/a", "", "https://[::1]/a"},
		{"white space around", "\n  https://example.com/a  \n", "", "https://example.com/a"},
		{"newline inside", "https://example.com/a\n/b", "", "https://example.com/a/b"},
		{"escaped ampersand", "https://example.com/a?x=1&amp;y=2", "", "https://example.com/a?x=1&y=2"},
		{"space in path", "https://example.com/a b", "", "https://example.com/a%20b"},
		{"stray percent", "https://example.com/100%", "", "https://example.com/100%25"},
		{"backslash", `https://example.com\a\b`, "", "https://example.com/a/b"},
		{"relative path", "article/42.html", base, "https://www.example.com/news/article/42.html"},
		{"relative root", "/2025/06/x.html?utm_source=rss", base, "https://www.example.com/2025/06/x.html"},
		{"relative dot dot", "../other/x", base, "https://www.example.com/other/x"},
		{"relative query only", "?id=7", base, "https://www.example.com/news/feed.xml?id=7"},
		{"protocol relative with base", "//cdn.example.org/a", "http://www.example.com/", "https://cdn.example.org/a"},
		{"protocol relative without base", "//cdn.example.org/a", "", "https://cdn.example.org/a"},
		{"absolute ignores base", "https://other.example/a", base, "https://other.example/a"},
		{"base with white space", "x", "  https://example.com/dir/  ", "https://example.com/dir/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.raw, tt.base)
			if err != nil {
				t.Fatalf("CanonicalURL(%q, %q): %v", tt.raw, tt.base, err)
			}
			if got != tt.want {
				t.Errorf("CanonicalURL(%q, %q)\n got %s\nwant %s", tt.raw, tt.base, got, tt.want)
			}
			if again, err := CanonicalURL(got, ""); err != nil || again != got {
				t.Errorf("not idempotent: CanonicalURL(%q) = %q, %v", got, again, err)
			}
		})
	}
}

func TestCanonicalURLErrors(t *testing.T) {
	tests := []struct {
		name, raw, base string
		want            error
	}{
		{"javascript", "javascript:alert(1)", "", ErrScheme},
		{"javascript mixed case", " JavaScript:alert(document.cookie)", "https://example.com/", ErrScheme},
		{"data", "data:text/html;base64,PHNjcmlwdD4=", "", ErrScheme},
		{"mailto", "mailto:desk@example.com", "", ErrScheme},
		{"ftp", "ftp://example.com/file", "", ErrScheme},
		{"feed scheme", "feed://example.com/rss", "", ErrScheme},
		{"empty", "", "https://example.com/", ErrBadURL},
		{"blank", "  \n ", "", ErrBadURL},
		{"relative without base", "/a/b", "", ErrBadURL},
		{"relative with relative base", "a", "/dir/", ErrBadURL},
		{"relative with javascript base", "a", "javascript:x", ErrBadURL},
		{"no host", "https:///path", "", ErrBadURL},
		{"opaque", "http:example.com/a", "", ErrBadURL},
		{"bad port", "https://example.com:99999/", "", ErrBadURL},
		{"bad host", "http://exa mple.com/", "", ErrBadURL},
		{"too long", "https://example.com/" + strings.Repeat("a", maxURLLen), "", ErrBadURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.raw, tt.base)
			if !errors.Is(err, tt.want) {
				t.Errorf("CanonicalURL(%q, %q) = %q, %v; want error %v", tt.raw, tt.base, got, err, tt.want)
			}
			if got != "" {
				t.Errorf("got %q with an error", got)
			}
		})
	}
}

// TestCanonicalURLSameArticle checks that the variants a link takes across
// feeds give one canonical URL.
func TestCanonicalURLSameArticle(t *testing.T) {
	variants := []string{
		"https://www.example.com/2025/06/17/openai-dod-contract/",
		"http://www.example.com/2025/06/17/openai-dod-contract/",
		"https://WWW.EXAMPLE.COM:443/2025/06/17/openai-dod-contract/#respond",
		"https://www.example.com/2025/06/17/openai-dod-contract/?utm_source=rss&utm_medium=rss",
		"https://www.example.com/2025/06/17/openai-dod-contract/amp/",
		"https://www.example.com/2025/06/17/openai-dod-contract/?amp",
		" https://www.example.com/2025/06/17/./openai-dod-contract/?xtor=RSS-1&fbclid=abc ",
	}
	want, err := CanonicalURL(variants[0], "")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range variants {
		if got, err := CanonicalURL(v, ""); err != nil || got != want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", v, got, err, want)
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a?utm_source=x&b=1#f", "http://[::1]:8080/", "//x.y/z", "../a", "?q",
		"javascript:alert(1)", "https://例え.jp/パス", "https://a/%zz", "http://a:0/", "https://a/amp/amp",
		"https://a/./../b/./", "https://u:p@h/", "https://a/?a=1&amp;b=2", "https://a/\\b",
	} {
		f.Add(s, "https://base.example/dir/")
	}
	f.Fuzz(func(t *testing.T, raw, base string) {
		got, err := CanonicalURL(raw, base)
		if err != nil {
			if !errors.Is(err, ErrBadURL) && !errors.Is(err, ErrScheme) {
				t.Fatalf("error %v is neither ErrBadURL nor ErrScheme", err)
			}
			return
		}
		if !strings.HasPrefix(got, "https://") && !strings.HasPrefix(got, "http://") {
			t.Fatalf("CanonicalURL(%.200q, %.200q) = %.200q: not http(s)", raw, base, got)
		}
		if strings.ContainsAny(got, "# \t\n\"<>\\") {
			t.Fatalf("CanonicalURL(%.200q, %.200q) = %.200q: raw character", raw, base, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host == "" {
			t.Fatalf("CanonicalURL(%.200q, %.200q) = %.200q does not parse back: %v", raw, base, got, err)
		}
		again, err := CanonicalURL(got, "")
		if err != nil || again != got {
			t.Fatalf("not idempotent: %.200q -> %.200q -> %.200q, %v", raw, got, again, err)
		}
	})
}

func BenchmarkCanonicalURL(b *testing.B) {
	raw := "https://www.lemonde.fr/international/article/2025/06/17/le-pentagone-signe-avec-openai_6613.html?xtor=RSS-3208&utm_source=rss#comments"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CanonicalURL(raw, ""); err != nil {
			b.Fatal(err)
		}
	}
}
