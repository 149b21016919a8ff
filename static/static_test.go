package static

import (
	"bytes"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestFSHoldsThePages(t *testing.T) {
	for _, name := range []string{
		"index.html", "feeds.html", "app.js", "feeds.js", "i18n.js", "style.css", "favicon.svg",
	} {
		t.Run(name, func(t *testing.T) {
			b, err := fs.ReadFile(FS, name)
			if err != nil {
				t.Fatalf("FS has no %s at its root: %v", name, err)
			}
			if len(b) == 0 {
				t.Fatalf("%s is empty", name)
			}
		})
	}
	if _, err := fs.Stat(FS, "static.go"); err == nil {
		t.Error("FS embeds Go source; only page files belong in it")
	}
	if _, err := fs.Stat(FS, "testdata"); err == nil {
		t.Error("FS embeds testdata")
	}
}

func pageNames(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(FS, "*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	return names
}

func parsePage(t *testing.T, name string) *html.Node {
	t.Helper()
	b, err := fs.ReadFile(FS, name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// TestPagesFitTheCSP checks what the server's Content-Security-Policy
// (script-src 'self'; style-src 'self') would block: inline scripts,
// <style> elements, style attributes and inline event handlers, and any
// resource from another origin.
func TestPagesFitTheCSP(t *testing.T) {
	for _, name := range pageNames(t) {
		t.Run(name, func(t *testing.T) {
			walk(parsePage(t, name), func(n *html.Node) {
				if n.Type != html.ElementNode {
					return
				}
				switch n.Data {
				case "script":
					src, ok := attr(n, "src")
					if !ok || n.FirstChild != nil {
						t.Errorf("inline <script> (CSP blocks it)")
					}
					if typ, _ := attr(n, "type"); typ != "module" {
						t.Errorf("<script src=%q> is not type=module", src)
					}
				case "style":
					t.Errorf("<style> element (CSP blocks it)")
				}
				for _, a := range n.Attr {
					if a.Key == "style" {
						t.Errorf("<%s style=%q> (CSP blocks it)", n.Data, a.Val)
					}
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("<%s %s=...> inline handler (CSP blocks it)", n.Data, a.Key)
					}
					if (a.Key == "src" || a.Key == "href") && strings.Contains(a.Val, "//") {
						t.Errorf("<%s %s=%q> loads from another origin", n.Data, a.Key, a.Val)
					}
				}
			})
		})
	}
}

// TestPagesReferenceExistingAssets catches a renamed file: every /static/
// URL in a page and every relative module import must resolve in FS.
func TestPagesReferenceExistingAssets(t *testing.T) {
	for _, name := range pageNames(t) {
		t.Run(name, func(t *testing.T) {
			n := 0
			walk(parsePage(t, name), func(node *html.Node) {
				for _, key := range []string{"src", "href"} {
					v, ok := attr(node, key)
					if !ok || !strings.HasPrefix(v, "/static/") {
						continue
					}
					n++
					if _, err := fs.Stat(FS, strings.TrimPrefix(v, "/static/")); err != nil {
						t.Errorf("%s references %s, which FS lacks", name, v)
					}
				}
			})
			if n == 0 {
				t.Errorf("%s references no asset", name)
			}
		})
	}
	importRE := regexp.MustCompile(`(?m)^import .* from "\./([^"]+)";`)
	scripts, _ := fs.Glob(FS, "*.js")
	for _, name := range scripts {
		b, _ := fs.ReadFile(FS, name)
		for _, m := range importRE.FindAllSubmatch(b, -1) {
			if _, err := fs.Stat(FS, string(m[1])); err != nil {
				t.Errorf("%s imports ./%s, which FS lacks", name, m[1])
			}
		}
	}
}

// TestScriptsNeverParseMarkup guards the rule that server strings reach
// the page only as text: no API that parses HTML or evaluates code may
// appear in the scripts.
func TestScriptsNeverParseMarkup(t *testing.T) {
	forbidden := []string{
		"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment",
		"DOMParser", "eval(", "new Function", "setTimeout(\"", "javascript:",
	}
	scripts, _ := fs.Glob(FS, "*.js")
	if len(scripts) == 0 {
		t.Fatal("no scripts")
	}
	for _, name := range scripts {
		b, _ := fs.ReadFile(FS, name)
		for _, f := range forbidden {
			if bytes.Contains(b, []byte(f)) {
				t.Errorf("%s uses %s", name, f)
			}
		}
	}
}

// messageKeys reads the keys of one language's table in i18n.js.
func messageKeys(t *testing.T, src, lang string) map[string]string {
	t.Helper()
	start := strings.Index(src, "\n  "+lang+": {\n")
	if start < 0 {
		t.Fatalf("i18n.js has no %s table", lang)
	}
	end := strings.Index(src[start:], "\n  },\n")
	if end < 0 {
		t.Fatalf("i18n.js: %s table is not closed", lang)
	}
	keyRE := regexp.MustCompile(`(?m)^    (\w+): "((?:[^"\\]|\\.)*)",$`)
	out := map[string]string{}
	for _, m := range keyRE.FindAllStringSubmatch(src[start:start+end], -1) {
		if _, dup := out[m[1]]; dup {
			t.Errorf("%s.%s is defined twice", lang, m[1])
		}
		out[m[1]] = m[2]
	}
	if len(out) < 50 {
		t.Fatalf("only %d %s messages found; did the table format change?", len(out), lang)
	}
	return out
}

// TestMessages checks the two languages have the same keys with the same
// placeholders, and that every key the pages and scripts use exists.
func TestMessages(t *testing.T) {
	b, err := fs.ReadFile(FS, "i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	en := messageKeys(t, string(b), "en")
	fr := messageKeys(t, string(b), "fr")
	placeholder := regexp.MustCompile(`\{\w+\}`)
	for _, k := range slices.Sorted(maps.Keys(en)) {
		frMsg, ok := fr[k]
		if !ok {
			t.Errorf("fr lacks %s", k)
			continue
		}
		pe := slices.Sorted(slices.Values(placeholder.FindAllString(en[k], -1)))
		pf := slices.Sorted(slices.Values(placeholder.FindAllString(frMsg, -1)))
		if !slices.Equal(slices.Compact(pe), slices.Compact(pf)) {
			t.Errorf("%s: en placeholders %v, fr %v", k, pe, pf)
		}
	}
	for k := range fr {
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %s", k)
		}
	}

	used := map[string]string{} // key -> where
	for _, name := range pageNames(t) {
		walk(parsePage(t, name), func(n *html.Node) {
			if v, ok := attr(n, "data-i18n"); ok {
				used[v] = name
			}
			if v, ok := attr(n, "data-i18n-attr"); ok {
				for _, pair := range strings.Split(v, ";") {
					_, key, _ := strings.Cut(pair, ":")
					used[strings.TrimSpace(key)] = name
				}
			}
		})
	}
	callRE := regexp.MustCompile(`\b(t|tp)\((?:[\w.]+, )?"(\w+)"`)
	scripts, _ := fs.Glob(FS, "*.js")
	for _, name := range scripts {
		src, _ := fs.ReadFile(FS, name)
		for _, m := range callRE.FindAllStringSubmatch(string(src), -1) {
			if m[1] == "tp" {
				used[m[2]+"_one"] = name
				used[m[2]+"_other"] = name
			} else {
				used[m[2]] = name
			}
		}
	}
	// Keys built at run time from a value.
	for _, k := range []string{
		"facet_company", "facet_agency", "facet_lang", "facet_source", "facet_amount",
		"filter_company", "filter_agency", "filter_lang", "filter_source",
		"sort_relevance", "sort_date", "sort_amount", "lang_fr", "lang_en", "lang_und",
		"status_ok", "status_failing", "status_never", "freq_instant", "freq_daily", "freq_weekly",
		"backtest", "backtestStories", "backtestChart", "backtestChartNone", "copied", "copyFailed",
	} {
		used[k] = "dynamic"
	}
	if len(used) < 40 {
		t.Fatalf("only %d keys found in use; did the call pattern change?", len(used))
	}
	for k, where := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%s uses message %q, which i18n.js lacks", where, k)
		}
	}
}
